import { EventType, fromLatestSnapshot, WRITTEN_SEQ, type LiveBatch, type SegmentInfo } from '../../wire/index.ts';

/** One tab's stream as a viewer needs it: batches in seq order, from the latest full snapshot on. */
export interface TabBatches {
  tab: string;
  batches: LiveBatch[];
}

const hasSnapshot = (batches: readonly LiveBatch[]) => batches.some((b) => b.events.some((e) => e.type === EventType.FullSnapshot));

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
 * The segments a catch-up must read back from R2: for every tab whose pending batches hold no
 * full snapshot, its last written segment.
 */
export function segmentsToRead(pending: ReadonlyMap<string, readonly LiveBatch[]>, segments: readonly SegmentInfo[]): SegmentInfo[] {
  return [...lastSegmentByTab(segments).values()].filter((s) => !hasSnapshot(pending.get(s.tab) ?? []));
}

/**
 * What a viewer gets on connect: per tab, its batches from its latest full snapshot on, taken
 * from the pending batches or, when those hold none, from the tab's last segment (as one batch
 * of WRITTEN_SEQ) followed by the pending batches. Each batch keeps its seq, so a batch that
 * arrives later in a gap between them is played in its place. Tabs without any snapshot are left
 * out (nothing can be drawn from them yet). The most recently active tab comes last, so a viewer
 * that follows the latest tab lands on it.
 */
export function catchUp(
  pending: ReadonlyMap<string, readonly LiveBatch[]>,
  segments: readonly SegmentInfo[],
  segmentEvents: ReadonlyMap<number, LiveBatch['events']>,
): TabBatches[] {
  const lastSegments = lastSegmentByTab(segments);
  const tabs = new Set([...pending.keys(), ...lastSegments.keys()]);
  const result: TabBatches[] = [];
  for (const tab of tabs) {
    const tabPending = pending.get(tab) ?? [];
    const segment = lastSegments.get(tab);
    const written = !hasSnapshot(tabPending) && segment ? segmentEvents.get(segment.index) ?? [] : [];
    const batches = fromLatestSnapshot(written.length > 0 ? [{ seq: WRITTEN_SEQ, events: written }, ...tabPending] : tabPending);
    if (batches !== null) result.push({ tab, batches });
  }
  return result.sort((a, b) => lastTimestamp(a) - lastTimestamp(b));
}

/** The snapshot batch comes first and is never empty. */
const lastTimestamp = ({ batches }: TabBatches) => batches.flatMap((b) => b.events).at(-1)!.timestamp;
