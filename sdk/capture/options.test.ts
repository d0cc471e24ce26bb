import { describe, expect, it } from 'vitest';
import { resolveCapture } from './options.ts';

const value = (input: unknown) => {
  const r = resolveCapture(input);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

describe('resolveCapture', () => {
  it('turns everything on by default, network detail off', () => {
    const defaults = {
      console: ['log', 'info', 'warn', 'error', 'debug'],
      errors: true,
      network: { allowUrls: [], headers: false, bodies: false, maxBodyBytes: 16_384 },
      navigation: true,
      clicks: true,
      assets: true,
    };
    expect(value(undefined)).toEqual(defaults);
    expect(value({})).toEqual(defaults);
    expect(value({ console: true, network: true })).toEqual(defaults);
  });

  it('turns modules off with false and keeps chosen console levels', () => {
    expect(value({ console: false, errors: false, network: false, navigation: false, clicks: false, assets: false })).toEqual({
      console: [],
      errors: false,
      network: null,
      navigation: false,
      clicks: false,
      assets: false,
    });
    expect(value({ console: ['error', 'warn', 'error'] }).console).toEqual(['error', 'warn']);
  });

  it('takes network detail options', () => {
    const re = /api\.example/;
    expect(value({ network: { allowUrls: ['/api/', re], headers: true, bodies: true, maxBodyBytes: 1000 } }).network).toEqual({
      allowUrls: ['/api/', re],
      headers: true,
      bodies: true,
      maxBodyBytes: 1000,
    });
  });

  it('rejects bad input with a message naming the option', () => {
    const bad: Array<[unknown, string]> = [
      [null, 'capture must'],
      ['yes', 'capture must'],
      [[], 'capture must'],
      [{ errors: 'no' }, 'capture.errors'],
      [{ clicks: 1 }, 'capture.clicks'],
      [{ navigation: null }, 'capture.navigation'],
      [{ assets: 'no' }, 'capture.assets'],
      [{ console: ['log', 'trace'] }, 'capture.console'],
      [{ console: 'log' }, 'capture.console'],
      [{ network: 'on' }, 'capture.network'],
      [{ network: { allowUrls: '/api' } }, 'capture.network.allowUrls'],
      [{ network: { allowUrls: [''] } }, 'capture.network.allowUrls'],
      [{ network: { allowUrls: [42] } }, 'capture.network.allowUrls'],
      [{ network: { headers: 'yes' } }, 'capture.network.headers'],
      [{ network: { bodies: 1 } }, 'capture.network.headers and .bodies'],
      [{ network: { maxBodyBytes: 0 } }, 'capture.network.maxBodyBytes'],
      [{ network: { maxBodyBytes: 1.5 } }, 'capture.network.maxBodyBytes'],
      [{ network: { maxBodyBytes: 10_000_000 } }, 'capture.network.maxBodyBytes'],
    ];
    for (const [input, message] of bad) {
      const r = resolveCapture(input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) expect(r.message).toContain(message);
    }
  });
});
