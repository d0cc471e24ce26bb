/**
 * Which of a tab's segments the player needs: the one covering a moment, the one to fetch ahead
 * while playing, and which loaded ones to drop. Pure, so streaming is tested without a browser.
 *
 * Segments are named by their position in the tab's list (time order). Each starts at a full
 * snapshot, so a replay can start at any segment and run on over the loaded ones after it.
 */
import { lastAtOrBefore } from './sorted.ts';

/** A segment's time range, epoch ms (SegmentInfo has these). */
export interface TimeRange {
  startTime: number;
  endTime: number;
}

/** Consecutive loaded segments one Replayer plays, by position, both ends included. */
export interface Run {
  first: number;
  last: number;
}

/**
 * The segment that covers `time` (epoch ms): the last one that starts at or before it. A time in
 * the gap after a segment belongs to that segment (the page stayed as it left it); a time before
 * the first segment belongs to the first. -1 when there are no segments.
 */
export function segmentAt(segments: readonly TimeRange[], time: number): number {
  const found = lastAtOrBefore(segments, time, (segment) => segment.startTime);
  return found < 0 && segments.length > 0 ? 0 : found;
}

/** The run that starts at `first`: it and every loaded segment right after it. */
export function runFrom(first: number, count: number, isLoaded: (position: number) => boolean): Run {
  let last = first;
  while (last + 1 < count && isLoaded(last + 1)) last++;
  return { first, last };
}

export const inRun = (run: Run | null, position: number): boolean => run !== null && position >= run.first && position <= run.last;

/**
 * The segment to fetch ahead of playback (and append to the run), or null: once the playhead is
 * in the run's last segment, the one after it, unless it was asked for already. Called only
 * while playing: a seek on a paused replay loads the one segment it needs and nothing else.
 */
export function prefetchTarget(count: number, run: Run | null, playhead: number, asked: ReadonlySet<number>): number | null {
  if (run === null || playhead !== run.last) return null;
  const next = run.last + 1;
  return next < count && !asked.has(next) ? next : null;
}

/**
 * Which loaded segments to drop so that at most `capacity` stay, least recently used first
 * (`recent` lists them oldest use first). Segments in `keep` (the playing run) are never
 * dropped: the Replayer holds their events anyway.
 */
export function evictions(recent: readonly number[], capacity: number, keep: ReadonlySet<number>): number[] {
  const droppable = recent.filter((position) => !keep.has(position));
  const excess = recent.length - Math.max(capacity, recent.length - droppable.length);
  return excess > 0 ? droppable.slice(0, excess) : [];
}
