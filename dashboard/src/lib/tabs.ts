/**
 * A session spans the tabs of one visit. Each tab is a replay of its own (its own snapshots and
 * node ids), so the player plays one tab at a time and offers the others.
 */
import type { SegmentInfo } from '../../../wire/index.ts';

export interface TabReplay {
  tab: string;
  /** Its segments in index order. */
  segments: SegmentInfo[];
  startTime: number;
  endTime: number;
}

/** The session's tabs, in the order they started. */
export function tabsOf(segments: readonly SegmentInfo[]): TabReplay[] {
  const byTab = new Map<string, TabReplay>();
  for (const segment of [...segments].sort((a, b) => a.index - b.index)) {
    const entry = byTab.get(segment.tab);
    if (entry) {
      entry.segments.push(segment);
      entry.startTime = Math.min(entry.startTime, segment.startTime);
      entry.endTime = Math.max(entry.endTime, segment.endTime);
    } else {
      byTab.set(segment.tab, { tab: segment.tab, segments: [segment], startTime: segment.startTime, endTime: segment.endTime });
    }
  }
  return [...byTab.values()].sort((a, b) => a.startTime - b.startTime || (a.tab < b.tab ? -1 : 1));
}

/** The tab a link asks for, else the first one; an unknown tab falls back to the first too. */
export function pickTab(tabs: readonly TabReplay[], wanted: string | null): TabReplay | null {
  return tabs.find((entry) => entry.tab === wanted) ?? tabs[0] ?? null;
}

/**
 * Where to open a replay that starts at `replayStart` (epoch ms): an offset given as such, or a
 * wall-clock moment turned into one; null opens at the start.
 */
export function startOffset(moment: { t: number | null; at: number | null }, replayStart: number): number | null {
  if (moment.t !== null) return moment.t;
  if (moment.at !== null) return Math.max(0, moment.at - replayStart);
  return null;
}
