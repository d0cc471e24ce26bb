import { describe, expect, it } from 'vitest';
import { normalizeEndpoint, resolveOptions } from './options.ts';

describe('resolveOptions', () => {
  it('fills defaults', () => {
    expect(resolveOptions({ projectKey: 'pk', endpoint: 'http://127.0.0.1:8787' }, null)).toEqual({
      ok: true,
      value: {
        projectKey: 'pk',
        endpoint: 'http://127.0.0.1:8787',
        flushIntervalMs: 5_000,
        privacy: { maskAllInputs: true },
        capture: {},
        checkoutEveryMs: 300_000,
      },
    });
  });

  it('defaults the endpoint to the origin recorder.js came from, else requires it', () => {
    const fromScript = resolveOptions({ projectKey: 'pk' }, 'https://replay.example.com');
    expect(fromScript.ok && fromScript.value.endpoint).toBe('https://replay.example.com');
    const explicit = resolveOptions({ projectKey: 'pk', endpoint: 'https://other.test/' }, 'https://replay.example.com');
    expect(explicit.ok && explicit.value.endpoint).toBe('https://other.test');
    expect(resolveOptions({ projectKey: 'pk' }, null).ok).toBe(false);
  });

  it('rejects a missing key, a bad endpoint or a non-boolean mask flag', () => {
    expect(resolveOptions(undefined, 'https://a.test').ok).toBe(false);
    expect(resolveOptions({}, 'https://a.test').ok).toBe(false);
    expect(resolveOptions({ projectKey: '  ' }, 'https://a.test').ok).toBe(false);
    expect(resolveOptions({ projectKey: 'pk', endpoint: 'javascript:alert(1)' }, null).ok).toBe(false);
    expect(resolveOptions({ projectKey: 'pk', endpoint: 'ftp://a.test' }, null).ok).toBe(false);
    expect(resolveOptions({ projectKey: 'pk', privacy: { maskAllInputs: 'no' } }, 'https://a.test').ok).toBe(false);
  });

  it('only turns masking off when asked with false', () => {
    const off = resolveOptions({ projectKey: 'pk', privacy: { maskAllInputs: false } }, 'https://a.test');
    expect(off.ok && off.value.privacy.maskAllInputs).toBe(false);
  });

  it('raises tiny intervals to the minimum and ignores nonsense', () => {
    const r = resolveOptions({ projectKey: 'pk', flushIntervalMs: 10, checkoutEveryMs: 1 }, 'https://a.test');
    expect(r.ok && [r.value.flushIntervalMs, r.value.checkoutEveryMs]).toEqual([250, 10_000]);
    const n = resolveOptions({ projectKey: 'pk', flushIntervalMs: NaN, checkoutEveryMs: -5 }, 'https://a.test');
    expect(n.ok && [n.value.flushIntervalMs, n.value.checkoutEveryMs]).toEqual([5_000, 300_000]);
    const c = resolveOptions({ projectKey: 'pk', flushIntervalMs: 2_000, checkoutEveryMs: 60_000 }, 'https://a.test');
    expect(c.ok && [c.value.flushIntervalMs, c.value.checkoutEveryMs]).toEqual([2_000, 60_000]);
  });
});

describe('normalizeEndpoint', () => {
  it('keeps origin and path, drops trailing slashes, query and fragment', () => {
    expect(normalizeEndpoint('https://A.test:443/x/?q=1#f')).toBe('https://a.test/x');
    expect(normalizeEndpoint(' http://127.0.0.1:8787 ')).toBe('http://127.0.0.1:8787');
    expect(normalizeEndpoint(42)).toBeNull();
  });
});
