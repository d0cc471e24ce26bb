import { describe, expect, it } from 'vitest';
import { configUrl, decideMode, effectiveConfig, parseRemoteConfig } from './remoteConfig.ts';

describe('configUrl', () => {
  it('puts the key in the query', () => {
    expect(configUrl('https://r.test/base/', 'pk a&b')).toBe('https://r.test/base/v1/config?k=pk%20a%26b');
  });
});

describe('parseRemoteConfig', () => {
  it('keeps well-formed fields, each on its own', () => {
    expect(parseRemoteConfig({ sampleRate: 0.25, bufferMode: true })).toEqual({ sampleRate: 0.25, bufferMode: true });
    expect(parseRemoteConfig({ sampleRate: 0 })).toEqual({ sampleRate: 0 });
    expect(parseRemoteConfig({ sampleRate: 2, bufferMode: false })).toEqual({ bufferMode: false });
    expect(parseRemoteConfig({ sampleRate: '1', bufferMode: 'true' })).toEqual({});
    expect(parseRemoteConfig({ sampleRate: NaN })).toEqual({});
  });

  it('ignores anything that is not an object', () => {
    for (const body of [null, undefined, 'x', 1, [], true]) expect(parseRemoteConfig(body)).toEqual({});
  });
});

describe('effectiveConfig', () => {
  const local = { sampleRate: 1, bufferMode: false };
  it('lets the remote answer override field by field', () => {
    expect(effectiveConfig(local, null)).toEqual(local);
    expect(effectiveConfig(local, {})).toEqual(local);
    expect(effectiveConfig(local, { sampleRate: 0 })).toEqual({ sampleRate: 0, bufferMode: false });
    expect(effectiveConfig(local, { bufferMode: true })).toEqual({ sampleRate: 1, bufferMode: true });
  });
});

describe('decideMode', () => {
  it('samples with the rate, then picks buffer or full', () => {
    expect(decideMode({ sampleRate: 1, bufferMode: false }, () => 0.999999)).toBe('full');
    expect(decideMode({ sampleRate: 1, bufferMode: true }, () => 0)).toBe('buffer');
    expect(decideMode({ sampleRate: 0, bufferMode: false }, () => 0)).toBe('off');
    expect(decideMode({ sampleRate: 0.3, bufferMode: false }, () => 0.29)).toBe('full');
    expect(decideMode({ sampleRate: 0.3, bufferMode: false }, () => 0.3)).toBe('off');
  });

  it('records about the given share of sessions', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let recorded = 0;
    for (let i = 0; i < 10_000; i++) if (decideMode({ sampleRate: 0.2, bufferMode: false }, random) !== 'off') recorded++;
    expect(recorded).toBeGreaterThan(1_800);
    expect(recorded).toBeLessThan(2_200);
  });

  it('does not consult the random source at 0 and 1', () => {
    const broken = () => NaN;
    expect(decideMode({ sampleRate: 1, bufferMode: false }, broken)).toBe('full');
    expect(decideMode({ sampleRate: 0, bufferMode: true }, () => 0)).toBe('off');
    expect(decideMode({ sampleRate: 0.5, bufferMode: false }, broken)).toBe('off');
  });
});
