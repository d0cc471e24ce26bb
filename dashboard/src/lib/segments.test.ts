import { describe, expect, it } from 'vitest';
import { decodeSegment } from './segments.ts';

async function gzip(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const events = [
  { type: 4, timestamp: 1000, data: { href: 'https://example.com/', width: 1280, height: 720 } },
  { type: 2, timestamp: 1001, data: { node: {}, initialOffset: { top: 0, left: 0 } } },
];

describe('decodeSegment', () => {
  it('decodes a gzip-compressed JSON array of events', async () => {
    expect(await decodeSegment(await gzip(JSON.stringify(events)))).toEqual(events);
  });

  it('accepts JSON that was already inflated on the way', async () => {
    expect(await decodeSegment(new TextEncoder().encode(JSON.stringify(events)))).toEqual(events);
  });

  it('drops entries that are not events', async () => {
    const mixed = [events[0], null, 'x', { type: 'a', timestamp: 1 }, { type: 3 }, events[1]];
    expect(await decodeSegment(await gzip(JSON.stringify(mixed)))).toEqual(events);
  });

  it('rejects corrupt data with a readable message', async () => {
    const truncated = (await gzip(JSON.stringify(events))).slice(0, 12);
    await expect(decodeSegment(truncated)).rejects.toThrow(/corrupt/);
    await expect(decodeSegment(await gzip('not json'))).rejects.toThrow(/not valid JSON/);
    await expect(decodeSegment(await gzip('{"a":1}'))).rejects.toThrow(/list of events/);
  });
});
