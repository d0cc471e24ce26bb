import { describe, expect, it } from 'vitest';
import { decodeSegment, SegmentCache } from './segments.ts';

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

describe('SegmentCache', () => {
  function cache(capacity: number) {
    const fetched: number[] = [];
    const segments = new SegmentCache(async (position) => {
      fetched.push(position);
      if (position === 99) throw new Error('gone');
      return `segment ${position}`;
    }, capacity);
    return { segments, fetched };
  }

  it('fetches a segment once, sharing a request on its way', async () => {
    const { segments, fetched } = cache(4);
    const [a, b] = await Promise.all([segments.load(2), segments.load(2)]);
    expect([a, b]).toEqual(['segment 2', 'segment 2']);
    expect(await segments.load(2)).toBe('segment 2');
    expect(fetched).toEqual([2]);
    expect(segments.has(2)).toBe(true);
    expect(segments.has(3)).toBe(false);
  });

  it('forgets a failed fetch, so asking again tries again', async () => {
    const { segments, fetched } = cache(4);
    await expect(segments.load(99)).rejects.toThrow('gone');
    await expect(segments.load(99)).rejects.toThrow('gone');
    expect(fetched).toEqual([99, 99]);
    expect(segments.has(99)).toBe(false);
  });

  it('evicts the least recently used beyond capacity, keeping the playing run', async () => {
    const { segments, fetched } = cache(2);
    for (const position of [0, 1, 2, 3]) await segments.load(position);
    segments.get(0);
    segments.trim(new Set([1]));
    expect([0, 1, 2, 3].filter((p) => segments.has(p))).toEqual([0, 1]);
    await segments.load(3);
    segments.trim(new Set());
    expect([0, 1, 2, 3].filter((p) => segments.has(p))).toEqual([0, 3]);
    expect(fetched).toEqual([0, 1, 2, 3, 3]);
  });
});
