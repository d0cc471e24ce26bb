import { latestSnapshotStart, type RecordedEvent, type SegmentInfo } from '../../wire/index.ts';

/** One tab's events as a viewer needs them. */
export interface TabEvents {
  tab: string;
  events: RecordedEvent[];
}

/** The last written segment of each tab. Segments start at a full snapshot, so it holds the tab's latest one when pending batches do not. */
function lastSegmentByTab(segments: readonly SegmentInfo[]): Map<string, SegmentInfo> {
  const last = new Map<string, SegmentInfo>();
  for (const segment of segments) {
    const seen = last.get(segment.tab);
    if (!seen || segment.index > seen.index) last.set(segment.tab, segment);
  }
  return last;
}

/**
 * The segments a catch-up must read back from R2: for every tab whose pending events hold no
 * full snapshot, its last written segment.
 */
export function segmentsToRead(pending: ReadonlyMap<string, RecordedEvent[]>, segments: readonly SegmentInfo[]): SegmentInfo[] {
  return [...lastSegmentByTab(segments).values()].filter((s) => latestSnapshotStart(pending.get(s.tab) ?? []) < 0);
}

/**
 * What a viewer gets on connect: per tab, the events from its latest full snapshot on, taken
 * from the pending events or, when those hold none, from the tab's last segment followed by the
 * pending events. Tabs without any snapshot are left out (nothing can be drawn from them yet).
 * The most recently active tab comes last, so a viewer that follows the latest tab lands on it.
 */
export function catchUp(
  pending: ReadonlyMap<string, RecordedEvent[]>,
  segments: readonly SegmentInfo[],
  segmentEvents: ReadonlyMap<number, RecordedEvent[]>,
): TabEvents[] {
  const lastSegments = lastSegmentByTab(segments);
  const tabs = new Set([...pending.keys(), ...lastSegments.keys()]);
  const result: TabEvents[] = [];
  for (const tab of tabs) {
    const tabPending = pending.get(tab) ?? [];
    const segment = lastSegments.get(tab);
    const written = latestSnapshotStart(tabPending) < 0 && segment ? segmentEvents.get(segment.index) ?? [] : [];
    const events = written.length > 0 ? [...written, ...tabPending] : tabPending;
    const start = latestSnapshotStart(events);
    if (start >= 0) result.push({ tab, events: events.slice(start) });
  }
  return result.sort((a, b) => lastTimestamp(a.events) - lastTimestamp(b.events));
}

const lastTimestamp = (events: RecordedEvent[]) => events[events.length - 1]!.timestamp;
