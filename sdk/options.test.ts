import { describe, expect, it } from 'vitest';
import { resolveCapture } from './capture/options.ts';
import { DEFAULT_FLUSH_INTERVAL_MS } from './constants.ts';
import { normalizeEndpoint, readRecordingSettings, resolveOptions, type EdgeReplayOptions } from './options.ts';
import { resolvePrivacy } from './privacy/options.ts';

/** The privacy and capture modules' own defaults (they are tested there). */
function defaults() {
  const privacy = resolvePrivacy(undefined);
  const capture = resolveCapture(undefined);
  if (!privacy.ok || !capture.ok) throw new Error('defaults must resolve');
  return { privacy: privacy.value, capture: capture.value };
}

describe('resolveOptions', () => {
  it('fills defaults', () => {
    expect(resolveOptions({ projectKey: 'pk', endpoint: 'http://127.0.0.1:8787' }, null)).toEqual({
      ok: true,
      value: {
        projectKey: 'pk',
        endpoint: 'http://127.0.0.1:8787',
        flushIntervalMs: DEFAULT_FLUSH_INTERVAL_MS,
        ...defaults(),
        checkoutEveryMs: 300_000,
        sampleRate: 1,
        bufferMode: false,
        recordCanvas: false,
      },
    });
  });

  it('takes a boolean recordCanvas', () => {
    const on = resolveOptions({ projectKey: 'pk', recordCanvas: true }, 'https://a.test');
    expect(on.ok && on.value.recordCanvas).toBe(true);
    for (const recordCanvas of ['true', 1]) {
      expect(resolveOptions({ projectKey: 'pk', recordCanvas }, 'https://a.test').ok).toBe(false);
    }
  });

  it('takes sampleRate from 0 to 1 and a boolean bufferMode', () => {
    const r = resolveOptions({ projectKey: 'pk', sampleRate: 0, bufferMode: true }, 'https://a.test');
    expect(r.ok && [r.value.sampleRate, r.value.bufferMode]).toEqual([0, true]);
    const half = resolveOptions({ projectKey: 'pk', sampleRate: 0.5 }, 'https://a.test');
    expect(half.ok && half.value.sampleRate).toBe(0.5);
    for (const sampleRate of [-0.1, 1.01, NaN, Infinity, '1']) {
      expect(resolveOptions({ projectKey: 'pk', sampleRate }, 'https://a.test').ok).toBe(false);
    }
    expect(resolveOptions({ projectKey: 'pk', bufferMode: 'yes' }, 'https://a.test').ok).toBe(false);
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
    expect(n.ok && [n.value.flushIntervalMs, n.value.checkoutEveryMs]).toEqual([DEFAULT_FLUSH_INTERVAL_MS, 300_000]);
    const c = resolveOptions({ projectKey: 'pk', flushIntervalMs: 2_000, checkoutEveryMs: 60_000 }, 'https://a.test');
    expect(c.ok && [c.value.flushIntervalMs, c.value.checkoutEveryMs]).toEqual([2_000, 60_000]);
  });
});

describe('readRecordingSettings', () => {
  const settings = (o: { privacy: unknown; capture: unknown; checkoutEveryMs: unknown; recordCanvas: unknown }) => ({
    privacy: o.privacy,
    capture: o.capture,
    checkoutEveryMs: o.checkoutEveryMs,
    recordCanvas: o.recordCanvas,
  });

  it('reads what valid options record with exactly as resolveOptions does', () => {
    const re = /api/;
    for (const input of [
      { projectKey: 'pk' },
      { projectKey: 'pk', recordCanvas: true, checkoutEveryMs: 1, privacy: { maskAllText: false, mask: '.card' } },
      { projectKey: 'pk', capture: { console: ['error'], network: { allowUrls: ['/a', re], headers: true, maxBodyBytes: 10 }, clicks: false } },
      { projectKey: 'pk', capture: { network: false, assets: false }, checkoutEveryMs: 60_000, recordCanvas: false },
    ] as EdgeReplayOptions[]) {
      const resolved = resolveOptions(input, 'https://a.test');
      const read = readRecordingSettings(input);
      expect(resolved.ok && read.ok).toBe(true);
      if (resolved.ok && read.ok) expect(read.value).toEqual(settings(resolved.value));
    }
  });

  it('leaves the upload options and the capture types to the client, not privacy', () => {
    // recorder.js records with these meanwhile; the client refuses them before any upload.
    const junk = [{ errors: 'no', console: 'log' }, { console: 5, network: { allowUrls: 7 } }, 'all', null];
    for (const input of [{}, { projectKey: 'pk', sampleRate: 2 }, ...junk.map((capture) => ({ projectKey: 'pk', capture }))]) {
      expect(readRecordingSettings(input as never).ok).toBe(true);
      expect(resolveOptions(input, 'https://a.test').ok).toBe(false);
    }
    const read = readRecordingSettings(undefined);
    expect(read.ok && read.value.privacy).toMatchObject({ maskAllInputs: true, maskAllText: true, blockAllMedia: true });
    expect(read.ok && read.value.capture.network).toEqual({ allowUrls: [], headers: false, bodies: false, maxBodyBytes: 16_384 });
    const privacy = readRecordingSettings({ projectKey: 'pk', privacy: { maskAllText: 'no' } } as never);
    expect(privacy.ok === false && privacy.message).toBe('privacy.maskAllText must be a boolean');
  });
});

describe('normalizeEndpoint', () => {
  it('keeps origin and path, drops trailing slashes, query and fragment', () => {
    expect(normalizeEndpoint('https://A.test:443/x/?q=1#f')).toBe('https://a.test/x');
    expect(normalizeEndpoint(' http://127.0.0.1:8787 ')).toBe('http://127.0.0.1:8787');
    expect(normalizeEndpoint(42)).toBeNull();
  });
});
