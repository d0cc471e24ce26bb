import { EventType, type RecordedEvent } from '../../wire/index.ts';

/**
 * rrweb IncrementalSource values caused by the visitor rather than by the page itself
 * (0 Mutation, 8 StyleSheetRule, 9 CanvasMutation, ... are page-driven and do not count).
 */
const USER_SOURCES: ReadonlySet<number> = new Set([
  1, // MouseMove
  2, // MouseInteraction
  3, // Scroll
  4, // ViewportResize
  5, // Input
  6, // TouchMove
  7, // MediaInteraction
  12, // Drag
  14, // Selection
]);

/**
 * True for events that show a visitor is present. Only these keep a session alive: a page that
 * animates on its own in a forgotten tab must not extend the session forever.
 */
export function isUserActivity(event: RecordedEvent): boolean {
  if (event.type !== EventType.IncrementalSnapshot) return false;
  const data = event.data as { source?: unknown } | null;
  return typeof data?.source === 'number' && USER_SOURCES.has(data.source);
}
