import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../wire/index.ts';
import { sanitizeEvent } from './events.ts';
import { el, type FakeElement } from './fakeElement.ts';
import { resolvePrivacy, type PrivacyOptions } from './options.ts';

const privacy = (o: PrivacyOptions = {}) => {
  const r = resolvePrivacy(o);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

/** Element 1 masked (default), element 2 inside an unmask marker; element ids as rrweb's mirror. */
function fixture() {
  const nodes = new Map<number, FakeElement>([
    [1, el('input', { type: 'text' })],
    [2, el('span')],
    [3, el('input', { type: 'checkbox' })],
    [4, el('input', { type: 'submit' })],
    [5, el('option')],
  ]);
  el('div', {}, [nodes.get(1)!, nodes.get(3)!, nodes.get(4)!, nodes.get(5)!]);
  el('div', { 'data-er-unmask': '' }, [nodes.get(2)!]);
  const nodeOf = (id: number) => (nodes.get(id) ?? null) as unknown as Node | null;
  return { nodeOf };
}

const element = (id: number, tagName: string, attributes: Record<string, unknown>, childNodes: unknown[] = []) => ({
  type: 2,
  id,
  tagName,
  attributes,
  childNodes,
});

describe('sanitizeEvent', () => {
  it('masks text attributes and field values in a full snapshot, and leaves the rest', () => {
    const { nodeOf } = fixture();
    const input = element(1, 'input', { type: 'text', title: 'Ada L', placeholder: 'Your name', 'aria-label': 'Name', value: 'Ada' });
    const span = element(2, 'span', { title: 'Shown tip', class: 'tip', style: 'color: red' });
    const checkbox = element(3, 'input', { type: 'checkbox', value: 'vip' });
    const submit = element(4, 'input', { type: 'submit', value: 'Send' });
    const option = element(5, 'option', { value: 'pro', label: 'Pro plan' });
    const link = element(9, 'a', { href: 'mailto:ada@example.com', alt: 'x' });
    const event: RecordedEvent = {
      type: 2,
      timestamp: 1,
      data: { node: { type: 0, id: 0, childNodes: [element(8, 'body', {}, [input, span, checkbox, submit, option, link, { type: 3, id: 10, textContent: 'x' }])] } },
    };
    sanitizeEvent(event, privacy(), nodeOf);
    expect(input.attributes).toEqual({ type: 'text', title: '*** *', placeholder: '**** ****', 'aria-label': '****', value: '***' });
    expect(span.attributes).toEqual({ title: 'Shown tip', class: 'tip', style: 'color: red' });
    expect(checkbox.attributes.value).toBe('***');
    expect(submit.attributes.value).toBe('****');
    // An option's value is not user input; its label is shown text.
    expect(option.attributes).toEqual({ value: 'pro', label: '*** ****' });
    // Unknown element (9): text attributes masked; URLs only scrubbed.
    expect(link.attributes).toEqual({ href: 'mailto:***************', alt: '*' });
  });

  it('masks attribute changes and added nodes in mutations; removals stay null', () => {
    const { nodeOf } = fixture();
    const added = element(1, 'input', { placeholder: 'Card', value: '4111' });
    const event: RecordedEvent = {
      type: 3,
      timestamp: 1,
      data: {
        source: 0,
        texts: [],
        removes: [],
        adds: [{ parentId: 8, nextId: null, node: added }],
        attributes: [
          { id: 1, attributes: { title: 'Late title', 'aria-label': null, class: 'x' } },
          { id: 2, attributes: { title: 'open jo@x.io' } },
        ],
      },
    };
    sanitizeEvent(event, privacy(), nodeOf);
    const data = event.data as { attributes: { attributes: Record<string, unknown> }[] };
    expect(added.attributes).toEqual({ placeholder: '****', value: '****' });
    expect(data.attributes[0]!.attributes).toEqual({ title: '**** *****', 'aria-label': null, class: 'x' });
    expect(data.attributes[1]!.attributes).toEqual({ title: 'open *******' });
  });

  it('masks text added or changed directly in a shadow root by its host’s rules', () => {
    const openHost = el('div', { 'data-er-unmask': '' });
    const shadowText = (id: number, host: FakeElement) => [id, { parentElement: null, parentNode: { host } }] as const;
    const nodes = new Map<number, unknown>([
      shadowText(20, el('div')),
      shadowText(21, openHost),
      shadowText(22, el('div')),
      [23, { parentElement: el('p'), parentNode: null }],
    ]);
    const nodeOf = (id: number) => (nodes.get(id) ?? null) as Node | null;
    const added = { type: 3, id: 20, textContent: 'Ada' };
    const event: RecordedEvent = {
      type: 3,
      timestamp: 1,
      data: {
        source: 0,
        adds: [{ parentId: 1, nextId: null, node: added }],
        texts: [
          { id: 21, value: 'open a@b.io' },
          { id: 22, value: 'Lovelace' },
          // Masked or not by rrweb already (it had a parent element): left as it came.
          { id: 23, value: 'as rrweb sent it' },
        ],
        attributes: [],
        removes: [],
      },
    };
    sanitizeEvent(event, privacy(), nodeOf);
    expect(added.textContent).toBe('***');
    expect((event.data as { texts: unknown[] }).texts).toEqual([
      { id: 21, value: 'open ******' },
      { id: 22, value: '********' },
      { id: 23, value: 'as rrweb sent it' },
    ]);
  });

  it('masks checkbox and radio values in input events, which rrweb does not', () => {
    const { nodeOf } = fixture();
    const checkbox: RecordedEvent = { type: 3, timestamp: 1, data: { source: 5, id: 3, text: 'vip', isChecked: true } };
    const text: RecordedEvent = { type: 3, timestamp: 1, data: { source: 5, id: 1, text: '***', isChecked: false } };
    const unknown: RecordedEvent = { type: 3, timestamp: 1, data: { source: 5, id: 77, text: 'abc', isChecked: false } };
    for (const e of [checkbox, text, unknown]) sanitizeEvent(e, privacy(), nodeOf);
    expect(checkbox.data).toMatchObject({ text: '***', isChecked: true });
    expect(text.data).toMatchObject({ text: '***' });
    expect(unknown.data).toMatchObject({ text: '***' });
  });

  it("drops an iframe's srcdoc, in snapshots and attribute changes, even where text is shown", () => {
    const { nodeOf } = fixture();
    const frame = element(11, 'iframe', { srcdoc: '<p>secret page</p>', width: '300' });
    const snapshot: RecordedEvent = { type: 2, timestamp: 1, data: { node: { type: 0, id: 0, childNodes: [frame] } } };
    sanitizeEvent(snapshot, privacy({ maskAllText: false }), nodeOf);
    expect(frame.attributes).toEqual({ srcdoc: '', width: '300' });
    const change = { id: 11, attributes: { srcdoc: '<p>another secret</p>' } };
    const mutation: RecordedEvent = { type: 3, timestamp: 2, data: { source: 0, adds: [], removes: [], texts: [], attributes: [change] } };
    sanitizeEvent(mutation, privacy({ maskAllText: false }), nodeOf);
    expect(change.attributes).toEqual({ srcdoc: '' });
  });

  it('leaves other events alone', () => {
    const { nodeOf } = fixture();
    const events: RecordedEvent[] = [
      { type: 4, timestamp: 1, data: { href: 'https://a.test/', width: 1, height: 1 } },
      { type: 3, timestamp: 1, data: { source: 2, type: 2, id: 1, x: 1, y: 2 } },
      { type: 5, timestamp: 1, data: { tag: 'er.track', payload: { name: 'a@b.io', props: {} } } },
    ];
    const before = JSON.stringify(events);
    for (const e of events) sanitizeEvent(e, privacy(), nodeOf);
    expect(JSON.stringify(events)).toBe(before);
  });

  it('turns media into placeholders with class and size only, and records nothing later about them or inside them', () => {
    const { nodeOf } = fixture();
    const blocked = new Set<number>();
    const source = element(21, 'source', { src: 'https://site.test/clip.mp4' });
    const video = element(20, 'video', { class: 'clip', src: 'https://site.test/clip.mp4', poster: 'p.png' }, [source]);
    const shown = element(22, 'img', { 'data-er-unblock': '', src: 'https://site.test/logo.png' });
    const snapshot = { type: 2, timestamp: 0, data: { node: element(10, 'div', {}, [video, shown]) } } as RecordedEvent;
    sanitizeEvent(snapshot, privacy(), nodeOf, blocked);
    expect(video.attributes).toEqual({ class: 'clip', rr_width: '0px', rr_height: '0px' });
    expect(video.childNodes).toEqual([]);
    expect(shown.attributes.src).toBe('https://site.test/logo.png');

    const added = element(30, 'img', { src: 'https://site.test/added.png', alt: '' });
    const mutation = {
      type: 3,
      timestamp: 1,
      data: {
        source: 0,
        adds: [
          { parentId: 20, node: element(31, 'track', { src: 'https://site.test/subs.vtt' }) },
          { parentId: 10, node: added },
        ],
        texts: [{ id: 21, value: 'x' }],
        attributes: [
          { id: 20, attributes: { src: 'https://site.test/next.mp4' } },
          { id: 22, attributes: { src: 'https://site.test/logo2.png' } },
        ],
        removes: [],
      },
    } as unknown as RecordedEvent;
    sanitizeEvent(mutation, privacy(), nodeOf, blocked);
    const data = mutation.data as { adds: Array<{ node: { id: number } }>; texts: unknown[]; attributes: Array<{ id: number }> };
    expect(data.adds.map((a) => a.node.id)).toEqual([30]);
    expect(added.attributes).toEqual({ rr_width: '0px', rr_height: '0px' });
    expect(data.texts).toEqual([]);
    expect(data.attributes.map((a) => a.id)).toEqual([22]);
    expect([...blocked].sort()).toEqual([20, 21, 30, 31]);
  });

  it('blocks an unblocked media element from the change that removes its marker on', () => {
    const img = el('img', { src: 'https://site.test/a.png' }); // its data-er-unblock was just removed
    const shown = el('img', { 'data-er-unblock': '' });
    const nodes = new Map<number, FakeElement>([[50, img], [51, shown]]);
    const nodeOf = (id: number) => (nodes.get(id) ?? null) as unknown as Node | null;
    const blocked = new Set<number>();
    const mutation = (changes: unknown[]) =>
      ({ type: 3, timestamp: 1, data: { source: 0, adds: [], removes: [], texts: [], attributes: changes } }) as unknown as RecordedEvent;
    const removal = mutation([
      { id: 50, attributes: { 'data-er-unblock': null, src: 'https://site.test/b.png' } },
      { id: 51, attributes: { src: 'https://site.test/c.png' } },
    ]);
    sanitizeEvent(removal, privacy(), nodeOf, blocked);
    expect((removal.data as { attributes: Array<{ id: number }> }).attributes.map((a) => a.id)).toEqual([51]);
    expect([...blocked]).toEqual([50]);
    const later = mutation([{ id: 50, attributes: { src: 'https://site.test/d.png' } }]);
    sanitizeEvent(later, privacy(), nodeOf, blocked);
    expect((later.data as { attributes: unknown[] }).attributes).toEqual([]);
  });

  it('records media as they are with blockAllMedia off', () => {
    const { nodeOf } = fixture();
    const img = element(40, 'img', { src: 'https://site.test/a.png' });
    sanitizeEvent({ type: 2, timestamp: 0, data: { node: img } } as RecordedEvent, privacy({ blockAllMedia: false }), nodeOf);
    expect(img.attributes).toEqual({ src: 'https://site.test/a.png' });
  });
});
