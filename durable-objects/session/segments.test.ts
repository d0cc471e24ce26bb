import { describe, expect, it } from 'vitest';
import { EventType, type RecordedEvent } from '../../wire/index.ts';
import { isSegmentStart, planCompaction, planSegments } from './segments.ts';

const ev = (type: number, t: number, size = 0): RecordedEvent => ({ type, timestamp: t, data: { pad: 'x'.repeat(size) } });
const meta = (t: number) => ev(EventType.Meta, t);
const full = (t: number, size = 0) => ev(EventType.FullSnapshot, t, size);
const inc = (t: number, size = 0) => ev(EventType.IncrementalSnapshot, t, size);

describe('planSegments', () => {
  it('keeps a small session in one segment', () => {
    const events = [meta(1), full(2), inc(3), meta(4), full(5), inc(6)];
    expect(planSegments(events, 10_000)).toEqual([events]);
  });

  it('cuts at the Meta + FullSnapshot pair once the target size is reached', () => {
    const events = [meta(1), full(2, 100), inc(3, 100), meta(4), full(5, 100), inc(6), meta(7), full(8)];
    const segments = planSegments(events, 150);
    expect(segments.map((s) => s.map((e) => e.timestamp))).toEqual([[1, 2, 3], [4, 5, 6], [7, 8]]);
  });

  it('never cuts where the player could not start, however large the segment grows', () => {
    const events = [meta(1), full(2), inc(3, 500), inc(4, 500), inc(5, 500)];
    expect(planSegments(events, 10)).toHaveLength(1);
  });

  it('treats a full snapshot without a Meta before it as a start', () => {
    const events = [meta(1), full(2, 100), inc(3, 100), full(4), inc(5)];
    expect(planSegments(events, 50).map((s) => s[0]!.timestamp)).toEqual([1, 4]);
    expect(isSegmentStart(events, 3)).toBe(true);
    expect(isSegmentStart(events, 1)).toBe(false);
  });

  it('loses and repeats no event', () => {
    const events = Array.from({ length: 500 }, (_, i) => (i % 50 === 0 ? meta(i) : i % 50 === 1 ? full(i, 20) : inc(i, 20)));
    const segments = planSegments(events, 300);
    expect(segments.length).toBeGreaterThan(5);
    expect(segments.flat()).toEqual(events);
  });

  it('cuts at the next snapshot once a segment spans the time cap, however small it is', () => {
    const events = [meta(0), full(1), inc(200), meta(300), full(301), inc(600), meta(700), full(701), inc(800), full(1_200)];
    expect(planSegments(events, 10_000).map((s) => s[0]!.timestamp)).toEqual([0]);
    expect(planSegments(events, 10_000, 500).map((s) => s[0]!.timestamp)).toEqual([0, 700, 1_200]);
    expect(planSegments(events, 10_000, 500).flat()).toEqual(events);
  });

  it('returns nothing for no events', () => {
    expect(planSegments([], 100)).toEqual([]);
  });
});

describe('planCompaction', () => {
  const b = (seq: number, events: RecordedEvent[]) => ({ seq, events });

  it('writes nothing while the tab has only one segment', () => {
    expect(planCompaction([b(0, [meta(1), full(2, 100), inc(3, 100)])], 50)).toEqual({ segments: [], doneSeqs: [], split: null });
  });

  it('writes the completed segments and splits the batch the last cut falls in', () => {
    const batches = [b(0, [meta(1), full(2, 100)]), b(1, [inc(3, 100), meta(4), full(5, 100)]), b(2, [inc(6), meta(7), full(8), inc(9)])];
    const plan = planCompaction(batches, 150);
    expect(plan.segments.map((s) => s.map((e) => e.timestamp))).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(plan.doneSeqs).toEqual([0, 1]);
    expect(plan.split).toEqual({ seq: 2, events: [meta(7), full(8), inc(9)] });
  });

  it('leaves a batch that starts exactly at the cut untouched', () => {
    const plan = planCompaction([b(3, [meta(1), full(2, 200)]), b(4, [meta(3), full(4)])], 100);
    expect(plan).toEqual({ segments: [[meta(1), full(2, 200)]], doneSeqs: [3], split: null });
  });

  it('writes out a segment that reached the time cap', () => {
    const plan = planCompaction([b(0, [meta(0), full(1), inc(400)]), b(1, [meta(600), full(601), inc(602)])], 10_000, 500);
    expect(plan).toEqual({ segments: [[meta(0), full(1), inc(400)]], doneSeqs: [0], split: null });
  });

  it('loses and repeats no event: written segments plus what stays pending are the input', () => {
    const events = Array.from({ length: 300 }, (_, i) => (i % 30 === 0 ? meta(i) : i % 30 === 1 ? full(i, 20) : inc(i, 20)));
    const batches = Array.from({ length: 30 }, (_, i) => b(i, events.slice(i * 10, i * 10 + 10)));
    const plan = planCompaction(batches, 300);
    const pending = [...(plan.split ? [plan.split.events] : []), ...batches.filter((x) => x.seq > Math.max(...plan.doneSeqs) && x.seq !== plan.split?.seq).map((x) => x.events)].flat();
    expect([...plan.segments.flat(), ...pending]).toEqual(events);
    expect(plan.segments.length).toBeGreaterThan(3);
  });
});
