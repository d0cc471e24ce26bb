import { describe, expect, it } from 'vitest';
import { CustomTag, type NavigationPayload } from '../../wire/index.ts';
import { installNavigation, onlyHashDiffers } from './navigation.ts';
import { recordingContext } from './testing.ts';

/** A window with a location that history methods really change. */
function fakeWindow(start: string, referrer = '') {
  const target = new EventTarget();
  const location = { href: start };
  const history = {
    pushState(this: unknown, _state: unknown, _title: string, url?: string) {
      if (this !== history) throw new TypeError('Illegal invocation');
      if (url) location.href = new URL(url, location.href).href;
    },
    replaceState(_state: unknown, _title: string, url?: string) {
      if (url) location.href = new URL(url, location.href).href;
    },
  };
  return Object.assign(target, { location, history, document: { referrer } }) as unknown as Window;
}

describe('installNavigation', () => {
  it('reports the initial URL, history changes, popstate and hashchange, deduping repeats', () => {
    const win = fakeWindow('https://a.test/');
    const ctx = recordingContext();
    const uninstall = installNavigation(win, ctx);
    win.history.pushState({}, '', '/one');
    win.history.replaceState({}, '', '/one'); // same URL: not repeated
    win.history.replaceState({}, '', '/two');
    win.location.href = 'https://a.test/two#frag';
    win.dispatchEvent(new Event('popstate')); // hash-only change: left to hashchange
    win.dispatchEvent(new Event('hashchange'));
    win.location.href = 'https://a.test/back';
    win.dispatchEvent(new Event('popstate'));
    expect(ctx.emitted.map((e) => e.tag)).toEqual(Array(5).fill(CustomTag.Navigation));
    expect(ctx.emitted.map((e) => e.payload as NavigationPayload)).toEqual([
      { href: 'https://a.test/', kind: 'load' },
      { href: 'https://a.test/one', kind: 'pushState' },
      { href: 'https://a.test/two', kind: 'replaceState' },
      { href: 'https://a.test/two#frag', kind: 'hashchange' },
      { href: 'https://a.test/back', kind: 'popstate' },
    ]);
    uninstall();
    win.history.pushState({}, '', '/after');
    expect(ctx.emitted).toHaveLength(5);
  });

  it('names the referrer of the page load (capped like any URL), and only there', () => {
    const win = fakeWindow('https://a.test/', `https://search.test/?q=${'x'.repeat(5_000)}`);
    const ctx = recordingContext();
    installNavigation(win, ctx);
    win.history.pushState({}, '', '/next');
    const [load, push] = ctx.emitted.map((e) => e.payload as NavigationPayload);
    expect(load.referrer!.startsWith('https://search.test/?q=xxx')).toBe(true);
    expect(load.referrer!.length).toBeLessThan(5_000);
    expect(push).toEqual({ href: 'https://a.test/next', kind: 'pushState' });
  });

  it('keeps history methods working: this, errors, restore', () => {
    const win = fakeWindow('https://a.test/');
    const original = win.history.pushState;
    const uninstall = installNavigation(win, recordingContext());
    const detached = win.history.pushState;
    expect(() => detached.call(undefined, {}, '', '/x')).toThrow('Illegal invocation');
    uninstall();
    expect(win.history.pushState).toBe(original);
  });
});

describe('onlyHashDiffers', () => {
  it('compares URLs without their fragment', () => {
    expect(onlyHashDiffers('https://a.test/p#x', 'https://a.test/p')).toBe(true);
    expect(onlyHashDiffers('https://a.test/p#x', 'https://a.test/p#y')).toBe(true);
    expect(onlyHashDiffers('https://a.test/p', 'https://a.test/p')).toBe(false);
    expect(onlyHashDiffers('https://a.test/q#x', 'https://a.test/p#x')).toBe(false);
  });
});
