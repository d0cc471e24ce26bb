import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressTail, gzipBatch, rawBatchBytes } from './batch-body.ts';

const events = Array.from({ length: 3_000 }, (_, i) => ({
  type: 3,
  timestamp: 1_700_000_000_000 + i,
  data: { source: 1, positions: [{ x: i % 97, y: (i * 7) % 53 }], text: 'lorem ipsum '.repeat(i % 4) },
}));
const head = { sessionId: '019a0000-0000-7000-8000-000000000000', tab: 'a1', seq: 17, final: true, sentAt: 1_700_000_000_123 };

describe('gzipBatch', () => {
  it('makes a gzip body that decompresses to the whole batch', () => {
    const body = gzipBatch(head, compressTail(events));
    expect(JSON.parse(gunzipSync(body).toString('utf8'))).toEqual({ v: 1, ...head, events });
  });

  it('gives each head its own valid body over the same tail', () => {
    const tail = compressTail(events);
    for (const seq of [0, 1, 999_999]) {
      const batch = JSON.parse(gunzipSync(gzipBatch({ ...head, seq, final: false }, tail)).toString('utf8'));
      expect(batch.seq).toBe(seq);
      expect(batch.events).toHaveLength(events.length);
    }
  });

  it('is decompressed by the web DecompressionStream the Worker uses', async () => {
    const body = gzipBatch(head, compressTail(events.slice(0, 10)));
    const text = await new Response(new Blob([body as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
    expect(JSON.parse(text).events).toEqual(events.slice(0, 10));
  });

  it('counts the raw JSON bytes of the batch it makes', () => {
    const tail = compressTail(events);
    expect(rawBatchBytes(head, tail)).toBe(gunzipSync(gzipBatch(head, tail)).length);
  });
});
