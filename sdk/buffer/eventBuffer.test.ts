import { describe, expect, it } from 'vitest';
import { LIVE_FLUSH_INTERVAL_MS, MAX_EVENTS_PER_BATCH, type RecordedEvent } from '../../wire/index.ts';
import { FIRST_FLUSH_DELAY_MS } from '../constants.ts';
import { EventBuffer, batchIntervalMs, cutReason, msUntilTimeCut } from './eventBuffer.ts';

const limits = { flushIntervalMs: 5_000, maxSerializedBytes: 1_000 };
const T0 = 1_750_000_000_000;
const ev = (n: number, data: unknown = { n }): RecordedEvent => ({ type: 3, timestamp: T0 + n, data });

describe('EventBuffer', () => {
  it('keeps events serialized, in order, and counts their size exactly', () => {
    const b = new EventBuffer();
    b.add(ev(1), T0);
    b.add(ev(2, { text: 'é' }), T0 + 10);
    const expected = [JSON.stringify(ev(1)), JSON.stringify(ev(2, { text: 'é' }))];
    expect(b.count).toBe(2);
    expect(b.serializedBytes).toBe(expected[0].length + expected[1].length);
    expect(b.firstAddedAt).toBe(T0);
    expect(b.take()).toEqual(expected);
    expect(b.count).toBe(0);
    expect(b.serializedBytes).toBe(0);
    expect(b.firstAddedAt).toBeNull();
  });

  it('refuses events JSON cannot encode', () => {
    const b = new EventBuffer();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(b.add(ev(1, circular), T0)).toBe(false);
    expect(b.add({ type: 3, timestamp: T0, data: 1n } as RecordedEvent, T0)).toBe(false);
    expect(b.count).toBe(0);
  });
});

describe('cutReason', () => {
  it('never cuts an empty buffer', () => {
    expect(cutReason(new EventBuffer(), T0 + 1e9, limits)).toBeNull();
    expect(msUntilTimeCut(new EventBuffer(), T0, limits)).toBeNull();
  });

  it('cuts by time, counted from the first event', () => {
    const b = new EventBuffer();
    b.add(ev(1), T0);
    b.add(ev(2), T0 + 4_000);
    expect(cutReason(b, T0 + 4_999, limits)).toBeNull();
    expect(msUntilTimeCut(b, T0 + 4_000, limits)).toBe(1_000);
    expect(cutReason(b, T0 + 5_000, limits)).toBe('time');
    expect(msUntilTimeCut(b, T0 + 9_000, limits)).toBe(0);
  });

  it('cuts by size once serialized events reach the cap', () => {
    const b = new EventBuffer();
    const big = 'x'.repeat(400);
    b.add(ev(1, big), T0);
    b.add(ev(2, big), T0);
    expect(b.serializedBytes).toBeLessThan(1_000);
    expect(cutReason(b, T0, limits)).toBeNull();
    b.add(ev(3, big), T0);
    expect(b.serializedBytes).toBeGreaterThanOrEqual(1_000);
    expect(cutReason(b, T0, limits)).toBe('size');
  });

  it('cuts by count at the wire limit', () => {
    const b = new EventBuffer();
    for (let i = 0; i < MAX_EVENTS_PER_BATCH - 1; i++) b.add({ type: 3, timestamp: T0, data: 0 }, T0);
    const roomy = { ...limits, maxSerializedBytes: 1e9 };
    expect(cutReason(b, T0, roomy)).toBeNull();
    b.add({ type: 3, timestamp: T0, data: 0 }, T0);
    expect(cutReason(b, T0, roomy)).toBe('count');
  });
});

describe('batchIntervalMs', () => {
  const long = 60_000;
  it('is the configured interval once the page view has sent its first batch', () => {
    expect(batchIntervalMs(long, { live: false, firstBatch: false })).toBe(long);
  });

  it('cuts the first batch of a page view after FIRST_FLUSH_DELAY_MS at the latest', () => {
    expect(FIRST_FLUSH_DELAY_MS).toBeLessThan(long);
    expect(batchIntervalMs(long, { live: false, firstBatch: true })).toBe(FIRST_FLUSH_DELAY_MS);
    // A shorter configured interval is not lengthened.
    expect(batchIntervalMs(1_000, { live: false, firstBatch: true })).toBe(1_000);
  });

  it('cuts every LIVE_FLUSH_INTERVAL_MS while someone watches live, first batch or not', () => {
    expect(batchIntervalMs(long, { live: true, firstBatch: false })).toBe(LIVE_FLUSH_INTERVAL_MS);
    expect(batchIntervalMs(long, { live: true, firstBatch: true })).toBe(LIVE_FLUSH_INTERVAL_MS);
  });
});
