import { EventType, type RecordedEvent } from '../../wire/index.ts';

/**
 * Splits one tab's ordered events into segments. A segment may only begin where the player can
 * start rendering: at a full snapshot (with the Meta event rrweb emits just before it). Once a
 * segment has reached the target size or spans maxDurationMs, the next such point starts a new
 * one, so a seek loads one segment, never the whole session (seed 002), and a quiet page does not
 * make one segment of an hour.
 */
export function planSegments(events: RecordedEvent[], targetBytes: number, maxDurationMs = Infinity): RecordedEvent[][] {
  const starts = segmentStarts(events, targetBytes, maxDurationMs);
  return starts.map((start, i) => events.slice(start, starts[i + 1] ?? events.length));
}

/** Index of each segment's first event. Greedy from the left: events appended later never move an earlier cut. */
export function segmentStarts(events: RecordedEvent[], targetBytes: number, maxDurationMs = Infinity): number[] {
  if (events.length === 0) return [];
  const starts = [0];
  let currentBytes = 0;
  for (let i = 0; i < events.length; i++) {
    const start = starts[starts.length - 1]!;
    const capped = currentBytes >= targetBytes || events[i]!.timestamp - events[start]!.timestamp >= maxDurationMs;
    if (i > start && capped && isSegmentStart(events, i)) {
      starts.push(i);
      currentBytes = 0;
    }
    currentBytes += JSON.stringify(events[i]).length;
  }
  return starts;
}

/** A Meta event directly followed by a full snapshot, or a full snapshot with no Meta before it. */
export function isSegmentStart(events: RecordedEvent[], i: number): boolean {
  const event = events[i]!;
  if (event.type === EventType.Meta) return events[i + 1]?.type === EventType.FullSnapshot;
  return event.type === EventType.FullSnapshot && events[i - 1]?.type !== EventType.Meta;
}

export interface PendingBatch {
  seq: number;
  events: RecordedEvent[];
}

/** What compacting one tab's pending batches writes out and what it leaves pending. */
export interface CompactionPlan {
  /** Completed segments, to be written to R2 in this order. */
  segments: RecordedEvent[][];
  /** Batches written out whole: their rows go, their seqs count as finalised. */
  doneSeqs: number[];
  /** A batch the last cut falls inside: it stays pending with only the events from the cut on. */
  split: PendingBatch | null;
}

/**
 * Compaction while the session runs: every segment but the last is complete (a later event can
 * never move a cut before it), so those are written out; the last one, from the tab's latest
 * segment start on, stays pending and keeps growing.
 */
export function planCompaction(batches: PendingBatch[], targetBytes: number, maxDurationMs = Infinity): CompactionPlan {
  const events = batches.flatMap((b) => b.events);
  const starts = segmentStarts(events, targetBytes, maxDurationMs);
  if (starts.length < 2) return { segments: [], doneSeqs: [], split: null };
  const tailStart = starts[starts.length - 1]!;
  const segments = starts.slice(0, -1).map((start, i) => events.slice(start, starts[i + 1]));
  const doneSeqs: number[] = [];
  let offset = 0;
  for (const batch of batches) {
    const end = offset + batch.events.length;
    if (end <= tailStart) doneSeqs.push(batch.seq);
    else {
      const split = tailStart > offset ? { seq: batch.seq, events: batch.events.slice(tailStart - offset) } : null;
      return { segments, doneSeqs, split };
    }
    offset = end;
  }
  return { segments, doneSeqs, split: null };
}
