import { ASSET_TAG, type CapturedAsset } from '../../wire/assets.ts';
import { customData, EventType, fromLatestSnapshot, WRITTEN_SEQ, type LiveBatch, type SegmentInfo } from '../../wire/index.ts';
import { addCapturedAsset } from '../session/captured-assets.ts';

/**
 * One tab's stream as a viewer needs it: batches in seq order, from the latest full snapshot on,
 * and the URLs the tab captured before that snapshot (see LiveMessage).
 */
export interface TabBatches {
  tab: string;
  batches: LiveBatch[];
  assets: CapturedAsset[];
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
  written: readonly CapturedAsset[] = [],
): TabBatches[] {
  const lastSegments = lastSegmentByTab(segments);
  const tabs = new Set([...pending.keys(), ...lastSegments.keys()]);
  const result: TabBatches[] = [];
  for (const tab of tabs) {
    const tabPending = pending.get(tab) ?? [];
    const segment = lastSegments.get(tab);
    const segmentRead = !hasSnapshot(tabPending) && segment ? segmentEvents.get(segment.index) ?? [] : [];
    const stream = segmentRead.length > 0 ? [{ seq: WRITTEN_SEQ, events: segmentRead }, ...tabPending] : tabPending;
    const batches = fromLatestSnapshot(stream);
    if (batches !== null) result.push({ tab, batches, assets: capturedBefore(written, tab, stream, batches) });
  }
  return result.sort((a, b) => lastTimestamp(a) - lastTimestamp(b));
}

/** The snapshot batch comes first and is never empty. Runs per comparison: no copy of the tab's events. */
const lastTimestamp = ({ batches }: TabBatches) => batches.findLast((b) => b.events.length > 0)!.events.at(-1)!.timestamp;

/**
 * The tab's captures before its catch-up starts: those of its written segments (the state's list),
 * then those in the events the cut left out, which the list does not hold while they are pending.
 */
function capturedBefore(written: readonly CapturedAsset[], tab: string, stream: readonly LiveBatch[], cut: readonly LiveBatch[]): CapturedAsset[] {
  // One made in the snapshot's own millisecond is kept: if it came after, the events resolve it again.
  const start = cut[0]!.events[0]!.timestamp;
  const assets = written.filter((a) => a.tab === tab && a.t <= start);
  const all = stream.flatMap((b) => b.events);
  const left = all.slice(0, all.length - cut.reduce((n, b) => n + b.events.length, 0));
  for (const event of left) {
    const data = customData(event);
    if ((data?.tag as string) === ASSET_TAG) addCapturedAsset(assets, data!.payload, event.timestamp, tab);
  }
  return assets;
}
