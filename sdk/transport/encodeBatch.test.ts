import { gunzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { validateBatch, type IngestBatch } from '../../wire/index.ts';
import { batchJson, utf8 } from './encodeBatch.ts';
import { gzipFactory } from './gzip.ts';

describe('encodeBatch', () => {
  const header = { sessionId: '0196abcd-ef01-7a00-8b00-00000000000f', tab: 'k3x9a0b1c2', seq: 4, final: true, sentAt: 1_750_000_000_123 };
  const events = [
    { type: 4, timestamp: 1_750_000_000_000, data: { href: 'https://x.test/ä', width: 1, height: 2 } },
    { type: 3, timestamp: 1_750_000_000_050, data: { source: 5, text: '***' } },
  ];

  it('gzips the JSON of a valid IngestBatch', () => {
    const raw0 = utf8(batchJson(header, events.map((e) => JSON.stringify(e))));
    const body = gzipFactory()(raw0);
    expect([body[0], body[1]]).toEqual([0x1f, 0x8b]);
    const raw = gunzipSync(body);
    expect(raw).toEqual(raw0);
    const parsed: unknown = JSON.parse(strFromU8(raw));
    const expected: IngestBatch = { v: 1, ...header, events };
    expect(parsed).toEqual(expected);
    expect(validateBatch(parsed)).toEqual({ ok: true, value: expected });
  });

  it('builds the same document as JSON.stringify, also with no events', () => {
    expect(JSON.parse(batchJson(header, []))).toEqual({ v: 1, ...header, events: [] });
    expect(batchJson({ ...header, final: false }, events.map((e) => JSON.stringify(e)))).toBe(
      JSON.stringify({ v: 1, ...header, final: false, events }),
    );
  });
});
