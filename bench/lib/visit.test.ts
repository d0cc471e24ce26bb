import { describe, expect, it } from 'vitest';
import { BATCH_MAX_SERIALIZED_BYTES, FIRST_FLUSH_DELAY_MS } from '../../sdk/constants.ts';
import { setup, T0 } from '../../sdk/testing/client.ts';
import { EventType, type RecordedEvent } from '../../wire/index.ts';
import { cutBatches, loopRecording } from './visit.ts';

const at = (type: number, timestamp: number, data: unknown = {}): RecordedEvent => ({ type, timestamp, data });

// A 9 s recording: page load, snapshot, then incremental and custom events.
const recording = [
  at(EventType.Meta, 1_000),
  at(EventType.FullSnapshot, 1_001),
  at(EventType.Load, 1_002),
  at(EventType.IncrementalSnapshot, 4_000),
  at(EventType.Custom, 6_000),
  at(EventType.IncrementalSnapshot, 10_000),
];

describe('loopRecording', () => {
  it('keeps the first pass whole and relative to its start', () => {
    const visit = loopRecording(recording, 9_001, 300_000);
    expect(visit.map((e) => [e.type, e.timestamp])).toEqual([
      [EventType.Meta, 0],
      [EventType.FullSnapshot, 1],
      [EventType.Load, 2],
      [EventType.IncrementalSnapshot, 3_000],
      [EventType.Custom, 5_000],
      [EventType.IncrementalSnapshot, 9_000],
    ]);
  });

  it('repeats only incremental and custom events, until the visit is over', () => {
    // Passes last 9 s + 1 s gap: the second starts at 10 s.
    const visit = loopRecording(recording, 15_500, 300_000);
    expect(visit.filter((e) => e.timestamp >= 10_000).map((e) => [e.type, e.timestamp])).toEqual([
      [EventType.IncrementalSnapshot, 13_000],
      [EventType.Custom, 15_000],
    ]);
    expect(visit.every((e) => e.timestamp < 15_500)).toBe(true);
  });

  it('carries a Meta and full snapshot in each pass that crosses a checkout', () => {
    const visit = loopRecording(recording, 60_000, 25_000);
    const snapshots = visit.filter((e) => e.type === EventType.FullSnapshot).map((e) => e.timestamp);
    // Passes start at 0, 10, 20, 30, 40, 50 s; checkouts at 25 and 50 s fall in the passes from 30 and 50 s.
    expect(snapshots).toEqual([1, 30_001, 50_001]);
    expect(visit.filter((e) => e.type === EventType.Load)).toHaveLength(1);
  });

  it('sorts a recording whose events arrived out of order', () => {
    const visit = loopRecording([at(EventType.Custom, 2_000), at(EventType.Meta, 1_000)], 5_000, 300_000);
    expect(visit.slice(0, 2).map((e) => e.timestamp)).toEqual([0, 1_000]);
  });

  it('refuses an empty recording', () => {
    expect(() => loopRecording([], 1_000, 300_000)).toThrow(/no events/);
  });
});

describe('cutBatches', () => {
  const events = [0, 100, 4_999, 5_000, 12_000, 12_500].map((t) => at(EventType.IncrementalSnapshot, t));

  it('closes a batch one flush interval after its first event', () => {
    expect(cutBatches(events, 5_000, 1_000_000).map((b) => b.map((e) => e.timestamp))).toEqual([
      [0, 100, 4_999],
      [5_000],
      [12_000, 12_500],
    ]);
  });

  it('closes the first batch at the early first flush, later ones at the interval', () => {
    const interval = 4 * FIRST_FLUSH_DELAY_MS;
    const times = [0, FIRST_FLUSH_DELAY_MS - 1, FIRST_FLUSH_DELAY_MS, interval, FIRST_FLUSH_DELAY_MS + interval];
    expect(cutBatches(times.map((t) => at(EventType.IncrementalSnapshot, t)), interval, 1_000_000).map((b) => b.map((e) => e.timestamp))).toEqual([
      [0, FIRST_FLUSH_DELAY_MS - 1],
      [FIRST_FLUSH_DELAY_MS, interval],
      [FIRST_FLUSH_DELAY_MS + interval],
    ]);
  });

  it('cuts where the SDK client cuts the same events, first batch included', async () => {
    const interval = 3 * FIRST_FLUSH_DELAY_MS;
    const t = setup(undefined, { options: { flushIntervalMs: interval } });
    t.client.start(); // Meta and full snapshot at T0
    const offsets = [1_000, FIRST_FLUSH_DELAY_MS - 1, FIRST_FLUSH_DELAY_MS, FIRST_FLUSH_DELAY_MS + 2_000, FIRST_FLUSH_DELAY_MS + interval, 50_000, 50_000 + interval];
    for (const offset of offsets) {
      await t.clock.advance(T0 + offset - t.clock.nowMs);
      t.recorder.mouse();
    }
    await t.clock.advance(interval);
    const sdk = t.sent().map((b) => b.events.map((e) => e.timestamp - T0));
    expect(sdk.length).toBeGreaterThan(3);
    const bench = cutBatches(t.sent().flatMap((b) => b.events), interval, BATCH_MAX_SERIALIZED_BYTES);
    expect(bench.map((b) => b.map((e) => e.timestamp - T0))).toEqual(sdk);
  });

  it('closes a batch early when the next event would pass the size cap', () => {
    const sameSize = [1_000, 1_001, 1_002, 1_003, 1_004, 1_005].map((t) => at(EventType.IncrementalSnapshot, t));
    const size = JSON.stringify(sameSize[0]).length + 1;
    const batches = cutBatches(sameSize, 60_000, size * 2);
    expect(batches.map((b) => b.length)).toEqual([2, 2, 2]);
    expect(batches.flat()).toEqual(sameSize);
  });

  it('puts an event larger than the cap in a batch of its own', () => {
    const big = at(EventType.FullSnapshot, 50, { text: 'x'.repeat(500) });
    expect(cutBatches([events[0]!, big, events[1]!], 60_000, 200).map((b) => b.length)).toEqual([1, 1, 1]);
  });
});
