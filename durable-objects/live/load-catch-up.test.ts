import { describe, expect, it } from 'vitest';
import { EventType, WRITTEN_SEQ, type LiveBatch, type RecordedEvent, type SegmentInfo } from '../../wire/index.ts';
import { loadCatchUp, type CatchUpSource } from './load-catch-up.ts';

const ev = (type: number, timestamp: number): RecordedEvent => ({ type, timestamp, data: {} });
const segment = (index: number, tab: string): SegmentInfo => ({ index, tab, startTime: 0, endTime: 0, eventCount: 1, bytes: 1 });
const snapshotRun = (t: number) => [ev(EventType.Meta, t), ev(EventType.FullSnapshot, t + 1)];

/** Storage that a write-out changes while a segment is being read, as a real one can. */
function source(initial: { pending: Map<string, LiveBatch[]>; segments: SegmentInfo[] }, stored: Map<number, RecordedEvent[]>) {
  let current = initial;
  const reads: number[] = [];
  const src: CatchUpSource & { reads: number[]; writeOut(next: typeof initial): void } = {
    reads,
    pendingByTab: () => current.pending,
    segments: () => current.segments,
    capturedAssets: () => [],
    readSegment: async (s) => {
      reads.push(s.index);
      await Promise.resolve();
      return stored.get(s.index) ?? null;
    },
    writeOut: (next) => (current = next),
  };
  return src;
}

describe('loadCatchUp', () => {
  it('reads no segment when the pending events hold every snapshot', async () => {
    const src = source({ pending: new Map([['a', [{ seq: 2, events: snapshotRun(1) }]]]), segments: [segment(0, 'a')] }, new Map());
    expect(await loadCatchUp(src)).toEqual([{ tab: 'a', batches: [{ seq: 2, events: snapshotRun(1) }], assets: [] }]);
    expect(src.reads).toEqual([]);
  });

  it('reads the last segment back when the snapshot was written out', async () => {
    const tail = [ev(EventType.IncrementalSnapshot, 9)];
    const src = source({ pending: new Map([['a', [{ seq: 5, events: tail }]]]), segments: [segment(0, 'a')] }, new Map([[0, snapshotRun(1)]]));
    expect(await loadCatchUp(src)).toEqual([{ tab: 'a', batches: [{ seq: WRITTEN_SEQ, events: snapshotRun(1) }, { seq: 5, events: tail }], assets: [] }]);
    expect(src.reads).toEqual([0]);
  });

  it('plans again when a write-out lands while it reads, and uses storage as it is after the read', async () => {
    const stored = new Map([
      [0, snapshotRun(1)],
      [1, [...snapshotRun(5), ev(EventType.IncrementalSnapshot, 7)]],
    ]);
    const src = source({ pending: new Map([['a', [{ seq: 3, events: [ev(EventType.IncrementalSnapshot, 3)] }]]]), segments: [segment(0, 'a')] }, stored);
    const reading = loadCatchUp(src);
    // The pending events and a new snapshot are written out as segment 1 while segment 0 is read.
    src.writeOut({ pending: new Map([['a', [{ seq: 8, events: [ev(EventType.IncrementalSnapshot, 8)] }]]]), segments: [segment(0, 'a'), segment(1, 'a')] });
    expect(await reading).toEqual([
      {
        tab: 'a',
        batches: [
          { seq: WRITTEN_SEQ, events: [...snapshotRun(5), ev(EventType.IncrementalSnapshot, 7)] },
          { seq: 8, events: [ev(EventType.IncrementalSnapshot, 8)] },
        ],
        assets: [],
      },
    ]);
    expect(src.reads).toEqual([0, 1]);
  });
});
