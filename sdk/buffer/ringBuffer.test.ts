import { describe, expect, it } from 'vitest';
import { BUFFER_MODE_WINDOW_MS, type RecordedEvent } from '../../wire/index.ts';
import { RingBuffer } from './ringBuffer.ts';

const T0 = 1_750_000_000_000;
const S = 1_000;
const meta = (t: number): RecordedEvent => ({ type: 4, timestamp: t, data: { href: 'https://s.test/', width: 1, height: 1 } });
const full = (t: number): RecordedEvent => ({ type: 2, timestamp: t, data: { node: { id: 1 } } });
const inc = (t: number, n = 0): RecordedEvent => ({ type: 3, timestamp: t, data: { source: 1, n } });
const custom = (t: number): RecordedEvent => ({ type: 5, timestamp: t, data: { tag: 'er.console', payload: {} } });
const types = (parts: string[]) => parts.map((p) => (JSON.parse(p) as RecordedEvent).type);
const times = (parts: string[]) => parts.map((p) => (JSON.parse(p) as RecordedEvent).timestamp - T0);

/** A checkout (Meta + FullSnapshot) at each of `checkouts` seconds, one incremental event per second. */
function fill(ring: RingBuffer, seconds: number, checkouts: number[]): void {
  for (let s = 0; s <= seconds; s++) {
    if (checkouts.includes(s)) {
      ring.add(meta(T0 + s * S));
      ring.add(full(T0 + s * S));
    }
    ring.add(inc(T0 + s * S));
  }
}

describe('RingBuffer', () => {
  it('keeps the window and trims back to the latest snapshot at or before its start', () => {
    const ring = new RingBuffer(1e9);
    fill(ring, 150, [0, 60, 120]);
    // now = 150 s, window 60 s → cutoff 90 s: the snapshot at 60 s is the latest one at or before it.
    expect(ring.trim(T0 + 150 * S, BUFFER_MODE_WINDOW_MS)).toEqual({ droppedEvents: 62, needsCheckout: false });
    const kept = ring.take();
    expect(types(kept).slice(0, 2)).toEqual([4, 2]);
    expect(times(kept)[0]).toBe(60 * S);
    expect(times(kept).at(-1)).toBe(150 * S);
  });

  it('never trims to a snapshot inside the window: the whole window stays replayable', () => {
    const ring = new RingBuffer(1e9);
    fill(ring, 100, [0, 70]);
    // cutoff 40 s; the only later snapshot (70 s) starts inside the window, so nothing is dropped.
    expect(ring.trim(T0 + 100 * S, BUFFER_MODE_WINDOW_MS).droppedEvents).toBe(0);
    expect(ring.segmentStarts).toEqual([0, 70 * S].map((d) => T0 + d));
    expect(ring.startsAtSnapshot).toBe(true);
  });

  it('keeps events that came before the first snapshot until a later snapshot covers the window', () => {
    const ring = new RingBuffer(1e9);
    ring.add(custom(T0));
    fill(ring, 30, [1]);
    expect(ring.startsAtSnapshot).toBe(false);
    expect(ring.trim(T0 + 30 * S, BUFFER_MODE_WINDOW_MS).droppedEvents).toBe(0);
    expect(ring.trim(T0 + 61 * S, BUFFER_MODE_WINDOW_MS).droppedEvents).toBe(2); // the custom event and the one at 0 s
    expect(ring.startsAtSnapshot).toBe(true);
  });

  it('treats a FullSnapshot without Meta as a segment start too', () => {
    const ring = new RingBuffer(1e9);
    ring.add(full(T0));
    ring.add(inc(T0 + S));
    ring.add(full(T0 + 70 * S));
    ring.add(inc(T0 + 71 * S));
    ring.trim(T0 + 140 * S, BUFFER_MODE_WINDOW_MS);
    expect(types(ring.take())).toEqual([2, 3]);
  });

  it('without a window only the byte cap trims', () => {
    const ring = new RingBuffer(1e9);
    fill(ring, 300, [0, 60, 120]);
    expect(ring.trim(T0 + 300 * S, null).droppedEvents).toBe(0);
    expect(ring.count).toBe(301 + 6);
  });

  it('drops the oldest segments over the byte cap, keeping a snapshot at the start', () => {
    const one = JSON.stringify(inc(T0)).length;
    const ring = new RingBuffer(one * 40);
    fill(ring, 50, [0, 20, 40]);
    const before = ring.count;
    const r = ring.trim(T0 + 50 * S, null);
    expect(r.needsCheckout).toBe(false);
    expect(ring.count).toBe(before - r.droppedEvents);
    expect(ring.serializedBytes).toBeLessThanOrEqual(one * 40);
    expect(ring.startsAtSnapshot).toBe(true);
    expect(ring.segmentStarts).toEqual([T0 + 20 * S, T0 + 40 * S]);
  });

  it('empties itself and asks for a fresh checkout when one segment alone is over the cap', () => {
    const ring = new RingBuffer(500);
    ring.add(meta(T0));
    ring.add({ type: 2, timestamp: T0, data: { big: 'x'.repeat(1_000) } });
    const r = ring.trim(T0, BUFFER_MODE_WINDOW_MS);
    expect(r).toEqual({ droppedEvents: 2, needsCheckout: true });
    expect([ring.count, ring.serializedBytes]).toEqual([0, 0]);
  });

  it('counts bytes exactly and refuses what JSON cannot encode', () => {
    const ring = new RingBuffer(1e9);
    ring.add(meta(T0));
    ring.add(full(T0));
    expect(ring.add({ type: 3, timestamp: T0, data: 1n } as RecordedEvent)).toBe(false);
    expect(ring.serializedBytes).toBe(JSON.stringify(meta(T0)).length + JSON.stringify(full(T0)).length);
    expect(ring.take()).toHaveLength(2);
    expect(ring.serializedBytes).toBe(0);
  });
});
