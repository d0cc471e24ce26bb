import { afterEach, describe, expect, it, vi } from 'vitest';
import { blockedSelector, resolvePrivacy, type ResolvedPrivacy } from './options.ts';

const ok = (input: unknown): ResolvedPrivacy => {
  const r = resolvePrivacy(input);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

describe('resolvePrivacy', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is private by default: inputs and text masked, media blocked', () => {
    const p = ok(undefined);
    expect(p).toMatchObject({ maskAllInputs: true, maskAllText: true, blockAllMedia: true });
    expect(p.mask).toBe('.er-mask,[data-er-mask]');
    expect(p.unmask).toBe('.er-unmask,[data-er-unmask]');
    expect(p.block).toBe('.er-block,[data-er-block]');
    expect(blockedSelector(p).split(',')).toEqual([
      '.er-block',
      '[data-er-block]',
      'img:not([data-er-unblock])',
      'image:not([data-er-unblock])',
      'video:not([data-er-unblock])',
      'audio:not([data-er-unblock])',
      'canvas:not([data-er-unblock])',
      'embed:not([data-er-unblock])',
      'object:not([data-er-unblock])',
    ]);
    expect(ok({})).toEqual(p);
  });

  it('turns a switch off only when given false', () => {
    const p = ok({ maskAllInputs: false, maskAllText: false, blockAllMedia: false });
    expect(p).toMatchObject({ maskAllInputs: false, maskAllText: false, blockAllMedia: false });
    expect(blockedSelector(p)).toBe('.er-block,[data-er-block]');
    expect(ok({ maskAllText: true }).maskAllText).toBe(true);
  });

  it('rejects what is not an object or not a boolean', () => {
    expect(resolvePrivacy(null).ok).toBe(false);
    expect(resolvePrivacy('all').ok).toBe(false);
    for (const key of ['maskAllInputs', 'maskAllText', 'blockAllMedia']) {
      const r = resolvePrivacy({ [key]: 'no' });
      expect(r.ok === false && r.message).toBe(`privacy.${key} must be a boolean`);
    }
  });

  it('adds the site’s selectors, one or a list, after the built-in markers', () => {
    const p = ok({ mask: '.card', unmask: ['header', '#intro'], block: ['.avatar'] });
    expect(p.mask).toBe('.er-mask,[data-er-mask],.card');
    expect(p.unmask).toBe('.er-unmask,[data-er-unmask],header,#intro');
    expect(p.block).toBe('.er-block,[data-er-block],.avatar');
    expect(blockedSelector(p).startsWith('.er-block,[data-er-block],.avatar,img:')).toBe(true);
  });

  it('rejects selectors that are empty, not strings, or that the browser cannot parse', () => {
    expect(resolvePrivacy({ mask: 3 }).ok).toBe(false);
    expect(resolvePrivacy({ unmask: [''] }).ok).toBe(false);
    expect(resolvePrivacy({ block: [null] }).ok).toBe(false);
    const querySelector = (s: string) => {
      if (s.includes('[[')) throw new SyntaxError('bad selector');
      return null;
    };
    vi.stubGlobal('document', { createDocumentFragment: () => ({ querySelector }) });
    const r = resolvePrivacy({ unmask: ['main', '[[x'] });
    expect(r.ok === false && r.message).toBe('privacy.unmask: not a CSS selector: [[x');
    expect(resolvePrivacy({ unmask: ['main'] }).ok).toBe(true);
  });
});
