import { describe, expect, it } from 'vitest';
import { scrubSignal } from './signals.ts';

describe('scrubSignal', () => {
  it('scrubs emails and card numbers in every string of a payload, keeping its shape', () => {
    const payload = {
      level: 'log',
      args: ['user ada@example.com paid with 4111 1111 1111 1111', '{"order":12345}'],
      nested: { url: 'https://shop.test/?email=bob@example.org', status: 200, ok: true, none: null },
    };
    expect(scrubSignal(payload)).toEqual({
      level: 'log',
      args: ['user *************** paid with **** **** **** ****', '{"order":12345}'],
      nested: { url: 'https://shop.test/?email=***************', status: 200, ok: true, none: null },
    });
  });

  it('returns equal payloads when there is nothing to scrub', () => {
    const payload = { kind: 'error', message: 'TypeError: x is undefined', line: 3 };
    expect(scrubSignal(payload)).toEqual(payload);
  });
});
