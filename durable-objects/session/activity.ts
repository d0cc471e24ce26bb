import { EventType, type RecordedEvent } from '../../wire/index.ts';

/**
 * Active time: each user input (mouse move or button, scroll, typing, touch) counts the visitor as
 * active for up to ACTIVITY_WINDOW_MS after it; overlapping windows count once. Summed per tab, so
 * two tabs used at the same moment (rare: one has focus) would both count.
 */
export const ACTIVITY_WINDOW_MS = 5_000;

// rrweb IncrementalSource: MouseMove, MouseInteraction, Scroll, Input, TouchMove.
const INPUT_SOURCES = new Set([1, 2, 3, 5, 6]);

export function isUserInput(event: RecordedEvent): boolean {
  if (event.type !== EventType.IncrementalSnapshot) return false;
  return INPUT_SOURCES.has((event.data as { source?: unknown } | null)?.source as number);
}

/**
 * Adds one input at `t` to a tab's activity: returns the active ms it adds and the new end of
 * the tab's current activity window. Inputs older than the window add only what is not covered.
 */
export function extendActivity(activeUntil: number, t: number): { addedMs: number; activeUntil: number } {
  const end = t + ACTIVITY_WINDOW_MS;
  if (end <= activeUntil) return { addedMs: 0, activeUntil };
  return { addedMs: end - Math.max(t, activeUntil), activeUntil: end };
}
