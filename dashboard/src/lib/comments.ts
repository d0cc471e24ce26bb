/**
 * Where a session's comments show in the player: placed on a tab's replay by their offset,
 * pinned on the stage while playback is near them, and linked to by their moment. Pure, so it is
 * tested without a browser.
 */
import type { SessionComment } from '../../../wire/comments.ts';
import { routeHref } from './route.ts';

/** A pin shows while playback is within this of its comment's moment, before or after. */
export const PIN_WINDOW_MS = 3_000;

export interface PlacedComment extends SessionComment {
  /** ms from the tab's first event. */
  offset: number;
}

/** The comments on one tab's replay, in time order, placed by their offset from its start. */
export function commentsOfTab(comments: readonly SessionComment[], tab: { tab: string; startTime: number }): PlacedComment[] {
  return comments
    .filter((comment) => comment.tab === tab.tab)
    .map((comment) => ({ ...comment, offset: Math.max(0, comment.t - tab.startTime) }))
    .sort((a, b) => a.offset - b.offset);
}

/** The comments whose pins show at `time` (ms from the tab's start). */
export function pinsAt(placed: readonly PlacedComment[], time: number): PlacedComment[] {
  return placed.filter((comment) => Math.abs(comment.offset - time) <= PIN_WINDOW_MS);
}

/** The `#…` link that opens the replay paused at the comment, with the comment highlighted. */
export function commentHref(projectId: string, sessionId: string, comment: SessionComment, tabStart: number): string {
  const t = Math.max(0, comment.t - tabStart);
  return routeHref({ name: 'player', projectId, sessionId, tab: comment.tab, t, at: null, comment: comment.id });
}

/** A click on the stage as fractions (0..1) of the replayed viewport, which `box` covers on screen. */
export function stagePoint(clientX: number, clientY: number, box: { left: number; top: number; width: number; height: number }): { x: number; y: number } {
  const fraction = (value: number, size: number) => (size > 0 ? Math.min(1, Math.max(0, value / size)) : 0.5);
  return { x: fraction(clientX - box.left, box.width), y: fraction(clientY - box.top, box.height) };
}

/** CSS placement for a box opened at a point: it grows away from the nearer edges, so it stays on the stage. */
export function popoverPlacement(point: { x: number; y: number }): { left?: string; right?: string; top?: string; bottom?: string } {
  const percent = (fraction: number) => `${(fraction * 100).toFixed(2)}%`;
  return {
    ...(point.x <= 0.5 ? { left: percent(point.x) } : { right: percent(1 - point.x) }),
    ...(point.y <= 0.5 ? { top: percent(point.y) } : { bottom: percent(1 - point.y) }),
  };
}
