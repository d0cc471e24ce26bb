import { EventType, type RecordedEvent } from '../../wire/index.ts';

/**
 * Splits a session's ordered events into segments. A segment may only begin where the player can
 * start rendering: at a full snapshot (with the Meta event rrweb emits just before it). Once a
 * segment has reached the target size, the next such point starts a new one, so a seek loads
 * one segment, never the whole session (seed 002).
 */
export function planSegments(events: RecordedEvent[], targetBytes: number): RecordedEvent[][] {
  const segments: RecordedEvent[][] = [];
  let current: RecordedEvent[] = [];
  let currentBytes = 0;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (current.length > 0 && currentBytes >= targetBytes && isSegmentStart(events, i)) {
      segments.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(event);
    currentBytes += JSON.stringify(event).length;
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

/** A Meta event directly followed by a full snapshot, or a full snapshot with no Meta before it. */
export function isSegmentStart(events: RecordedEvent[], i: number): boolean {
  const event = events[i]!;
  if (event.type === EventType.Meta) return events[i + 1]?.type === EventType.FullSnapshot;
  return event.type === EventType.FullSnapshot && events[i - 1]?.type !== EventType.Meta;
}
