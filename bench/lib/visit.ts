/**
 * Simulated visits built from one real recording: the recorded stream is looped to fill a visit of
 * any length, and cut into batches the way the SDK cuts them. Pure: no clock, no I/O.
 */
import { batchIntervalMs } from '../../sdk/buffer/eventBuffer.ts';
import { EventType, type RecordedEvent } from '../../wire/index.ts';

/** Pause between two passes over the recording, ms: the visitor starts over, as people do. */
const LOOP_GAP_MS = 1_000;
/** Event types rrweb emits only when a page loads or takes a fresh full snapshot. */
const LOAD_ONLY = new Set<number>([EventType.DomContentLoaded, EventType.Load]);
const SNAPSHOT = new Set<number>([EventType.Meta, EventType.FullSnapshot]);

/**
 * A visit of `durationMs` with timestamps relative to its start. The first pass keeps every event;
 * later passes replay the incremental and custom events, and carry a Meta + full snapshot only
 * when one of rrweb's periodic checkouts (`checkoutEveryMs`) falls in them, so the visit has as
 * many snapshots as a real one of that length would.
 */
export function loopRecording(recorded: RecordedEvent[], durationMs: number, checkoutEveryMs: number): RecordedEvent[] {
  if (recorded.length === 0) throw new Error('the recording has no events');
  const sorted = [...recorded].sort((a, b) => a.timestamp - b.timestamp);
  const first = sorted[0]!.timestamp;
  const passMs = sorted[sorted.length - 1]!.timestamp - first + LOOP_GAP_MS;
  const visit: RecordedEvent[] = [];
  for (let pass = 0; pass * passMs < durationMs; pass++) {
    const offset = pass * passMs;
    const checkout = pass > 0 && Math.floor(offset / checkoutEveryMs) > Math.floor((offset - passMs) / checkoutEveryMs);
    for (const event of sorted) {
      const timestamp = event.timestamp - first + offset;
      if (timestamp >= durationMs) break;
      if (pass > 0 && LOAD_ONLY.has(event.type)) continue;
      if (pass > 0 && !checkout && SNAPSHOT.has(event.type)) continue;
      visit.push({ ...event, timestamp });
    }
  }
  return visit;
}

/**
 * Cuts ordered events into batches as the SDK does: a batch closes `flushIntervalMs` after its
 * first event (the visit's first batch at the SDK's early first flush), or earlier once its
 * events' JSON would pass `maxBatchBytes`.
 */
export function cutBatches(events: RecordedEvent[], flushIntervalMs: number, maxBatchBytes: number): RecordedEvent[][] {
  const batches: RecordedEvent[][] = [];
  let current: RecordedEvent[] = [];
  let openedAt = 0;
  let bytes = 0;
  for (const event of events) {
    const size = JSON.stringify(event).length + 1;
    const intervalMs = batchIntervalMs(flushIntervalMs, { live: false, firstBatch: batches.length === 0 });
    const expired = current.length > 0 && event.timestamp >= openedAt + intervalMs;
    const full = current.length > 0 && bytes + size > maxBatchBytes;
    if (expired || full) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    if (current.length === 0) openedAt = event.timestamp;
    current.push(event);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * The mark each sent event carries (top-level field `benchId`), unique within its session, so the
 * stored replay can be checked event by event for loss and duplication.
 */
export const eventMark = (seq: number, index: number) => `${seq}.${index}`;

export interface MarkedEvent extends RecordedEvent {
  benchId: string;
}
