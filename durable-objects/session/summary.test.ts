import { describe, expect, it } from 'vitest';
import { EventType, IncrementalSource, MouseInteraction, type RecordedEvent } from '../../wire/index.ts';
import { EMPTY_SUMMARY, summarize } from './summary.ts';

const meta = (t: number, href: string): RecordedEvent => ({ type: EventType.Meta, timestamp: t, data: { href } });
const click = (t: number): RecordedEvent => ({
  type: EventType.IncrementalSnapshot,
  timestamp: t,
  data: { source: IncrementalSource.MouseInteraction, type: MouseInteraction.Click, id: 1 },
});
const mousedown = (t: number): RecordedEvent => ({
  type: EventType.IncrementalSnapshot,
  timestamp: t,
  data: { source: IncrementalSource.MouseInteraction, type: 1, id: 1 },
});

describe('summarize', () => {
  it('counts events, clicks and pages, and keeps entry and exit URLs', () => {
    const s = summarize([meta(100, 'https://a/'), click(150), mousedown(160), meta(200, 'https://a/'), meta(300, 'https://a/b'), click(310)]);
    expect(s).toEqual({ startedAt: 100, endedAt: 310, eventCount: 6, pageCount: 2, clickCount: 2, entryUrl: 'https://a/', exitUrl: 'https://a/b' });
  });

  it('uses the earliest and latest timestamps even when events are out of order', () => {
    const s = summarize([click(500), click(100), click(300)]);
    expect([s.startedAt, s.endedAt]).toEqual([100, 500]);
  });

  it('continues from a previous summary without changing it', () => {
    const first = summarize([meta(1, 'https://a/'), click(2)]);
    const snapshot = structuredClone(first);
    const second = summarize([meta(10, 'https://a/c'), click(11)], first);
    expect(first).toEqual(snapshot);
    expect(second).toMatchObject({ startedAt: 1, endedAt: 11, eventCount: 4, pageCount: 2, clickCount: 2, entryUrl: 'https://a/', exitUrl: 'https://a/c' });
  });

  it('caps hostile URL lengths and ignores non-string hrefs', () => {
    const s = summarize([meta(1, 'https://a/' + 'x'.repeat(10_000)), { type: EventType.Meta, timestamp: 2, data: { href: 42 } }]);
    expect(s.entryUrl!.length).toBe(2048);
    expect(s.pageCount).toBe(1);
    expect(summarize([], EMPTY_SUMMARY)).toEqual(EMPTY_SUMMARY);
  });
});
