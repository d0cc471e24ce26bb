import { describe, expect, it } from 'vitest';
import { asElement, el, type FakeElement } from './fakeElement.ts';
import { resolvePrivacy, type PrivacyOptions, type ResolvedPrivacy } from './options.ts';
import { textMasked, valueFor } from './rules.ts';
import { textForSignal } from './text.ts';

const privacy = (o: PrivacyOptions = {}): ResolvedPrivacy => {
  const r = resolvePrivacy(o);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};
const signal = (e: FakeElement, text: string, p = privacy()) => textForSignal(asElement(e), text, p);

describe('textForSignal', () => {
  it('masks text by default, keeping its shape', () => {
    expect(signal(el('button'), 'Buy now')).toBe('*** ***');
  });

  it('shows text inside an unmask marker, class or attribute, with emails and cards scrubbed', () => {
    const a = el('button');
    el('div', { 'data-er-unmask': '' }, [el('section', {}, [a])]);
    expect(signal(a, 'Email ada@example.com')).toBe('Email ***************');
    const b = el('span');
    el('nav', { class: 'top er-unmask' }, [b]);
    expect(signal(b, 'Home')).toBe('Home');
  });

  it('lets a mask marker win over an unmask marker, whichever is closer', () => {
    const inner = el('b');
    el('div', { 'data-er-unmask': '' }, [el('p', { class: 'er-mask' }, [inner])]);
    expect(signal(inner, 'secret')).toBe('******');
    const deep = el('b');
    el('div', { 'data-er-mask': '' }, [el('p', { class: 'er-unmask' }, [deep])]);
    expect(signal(deep, 'secret')).toBe('******');
  });

  it('with maskAllText off shows text (scrubbed) except under mask markers and extra selectors', () => {
    const p = privacy({ maskAllText: false, mask: '.account' });
    expect(signal(el('a'), 'Pay 4111 1111 1111 1111', p)).toBe('Pay **** **** **** ****');
    const masked = el('span');
    el('div', { 'data-er-mask': '' }, [masked]);
    expect(signal(masked, 'Ada', p)).toBe('***');
    const custom = el('span');
    el('div', { class: 'account' }, [custom]);
    expect(signal(custom, 'Ada', p)).toBe('***');
  });

  it('masks anything inside a blocked element or blocked media, whatever else applies', () => {
    const p = privacy({ maskAllText: false });
    expect(signal(el('img', { alt: 'x' }), 'Portrait', p)).toBe('********');
    expect(signal(el('img', { 'data-er-unblock': '' }), 'Logo', p)).toBe('Logo');
    const inBlock = el('button');
    el('div', { class: 'er-block' }, [inBlock]);
    expect(signal(inBlock, 'Open', p)).toBe('****');
  });

  it('masks a label gathered from descendants when any of them is masked, blocked or a textarea', () => {
    const p = privacy({ maskAllText: false, block: '.avatar' });
    expect(signal(el('a', {}, [el('span'), el('img')]), 'Hi there', p)).toBe('Hi there');
    for (const inner of [el('span', { class: 'er-mask' }), el('i', { 'data-er-block': '' }), el('b', { class: 'avatar' }), el('textarea')]) {
      expect(signal(el('label', {}, [el('span', {}, [inner])]), 'Hi Ada', p)).toBe('** ***');
    }
  });

  it('treats a field by its value rules: masked by default, passwords always', () => {
    expect(signal(el('input'), 'typed')).toBe('*****');
    const p = privacy({ maskAllInputs: false, maskAllText: false });
    expect(signal(el('input'), 'typed', p)).toBe('typed');
    expect(signal(el('input', { type: 'password' }), 'hunter2', p)).toBe('*******');
    // A submit button's value is its label: text rules.
    expect(signal(el('input', { type: 'submit' }), 'Send', privacy())).toBe('****');
    expect(signal(el('input', { type: 'submit' }), 'Send', p)).toBe('Send');
  });
});

describe('valueFor', () => {
  const open = privacy({ maskAllInputs: false });

  it('masks every character of a masked value, spaces included', () => {
    expect(valueFor(asElement(el('textarea')), 'a b', privacy())).toBe('***');
  });

  it('masks passwords, email and hidden fields, credential or card autocomplete even in an unmasked field', () => {
    const fields = [
      el('input', { type: 'password' }),
      el('input', { type: 'email' }),
      el('input', { autocomplete: 'current-password' }),
      el('input', { autocomplete: 'cc-number' }),
      el('input', { autocomplete: 'one-time-code' }),
      el('input', { 'data-rr-is-password': 'true' }),
      el('input', { type: 'hidden' }),
    ];
    el('div', { 'data-er-unmask': '' }, fields);
    for (const f of fields) expect(valueFor(asElement(f), 'secret', open)).toBe('******');
  });

  it('remembers a field that was a password after its type changes', () => {
    const field = el('input', { type: 'password' });
    expect(valueFor(asElement(field), 'abc', open)).toBe('***');
    field.attributes.type = 'text';
    expect(valueFor(asElement(field), 'abcd', open)).toBe('****');
    expect(valueFor(asElement(el('input', { type: 'text' })), 'abcd', open)).toBe('abcd');
  });

  it('shows an unmasked field scrubbed, and masks one under a mask marker', () => {
    expect(valueFor(asElement(el('input')), 'me a@b.io', open)).toBe('me ******');
    const inMask = el('input');
    el('form', { class: 'er-mask' }, [inMask]);
    expect(valueFor(asElement(inMask), 'Ada', open)).toBe('***');
    const inUnmask = el('select');
    el('form', { 'data-er-unmask': '' }, [inUnmask]);
    expect(valueFor(asElement(inUnmask), 'pro', privacy())).toBe('pro');
  });

  it('masks when the element is unknown', () => {
    expect(valueFor(null, 'abc', open)).toBe('***');
    expect(textMasked(null, privacy({ maskAllText: false }))).toBe(true);
  });
});
