import { describe, expect, it } from 'vitest';
import { isSessionId } from '../../wire/index.ts';
import { randomHex, uuidv7, uuidv7Time } from './uuidv7.ts';

const realRandom = (bytes: Uint8Array) => {
  crypto.getRandomValues(bytes);
};

describe('uuidv7', () => {
  it('is a lowercase UUIDv7 the wire accepts', () => {
    for (let i = 0; i < 200; i++) {
      const id = uuidv7(Date.now(), realRandom);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(isSessionId(id)).toBe(true);
    }
  });

  it('sets version and variant bits whatever the random bytes are', () => {
    expect(uuidv7(1, (b) => b.fill(0xff))).toBe('00000000-0001-7fff-bfff-ffffffffffff');
    expect(uuidv7(1, (b) => b.fill(0x00))).toBe('00000000-0001-7000-8000-000000000000');
  });

  it('stores the 48-bit millisecond timestamp big-endian', () => {
    const now = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    const id = uuidv7(now, (b) => b.fill(0));
    expect(id.slice(0, 13)).toBe(`${now.toString(16).padStart(12, '0').slice(0, 8)}-${now.toString(16).padStart(12, '0').slice(8)}`);
    expect(uuidv7Time(id)).toBe(now);
    expect(uuidv7Time(uuidv7(2 ** 48 - 1, realRandom))).toBe(2 ** 48 - 1);
  });

  it('sorts by creation time, as strings', () => {
    const base = Date.UTC(2026, 5, 1);
    const times = [0, 1, 2, 255, 256, 65_535, 65_536, 3_600_000, 86_400_000 * 400].map((d) => base + d);
    const ids = times.map((t) => uuidv7(t, (b) => b.fill(0xff - (t % 200))));
    const shuffled = [...ids].reverse();
    expect(shuffled.sort()).toEqual(ids);
  });

  it('differs between calls in the same millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => uuidv7(1_700_000_000_000, realRandom)));
    expect(ids.size).toBe(1000);
  });
});

describe('randomHex', () => {
  it('writes each random byte as two lowercase hex digits, in order', () => {
    expect(randomHex((b) => b.set([0x00, 0x0a, 0xff, 0x5c]), 4)).toBe('000aff5c');
    expect(randomHex(realRandom, 16)).toMatch(/^[0-9a-f]{32}$/);
  });
});
