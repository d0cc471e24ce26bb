import type { RecorderConfig } from './config.ts';

/** What the DO knows about the batches it holds that have not been written to R2 yet. */
export interface PendingActivity {
  /** Server receive time of the session's first batch, ms. */
  sessionStartedAt: number;
  /** Server receive time of the newest pending batch, ms. */
  lastReceivedAt: number;
  /** See finalAt(). */
  finalAt: number | null;
}

/** The pending batch with the highest seq of one tab. */
export interface TabHead {
  final: boolean;
  receivedAt: number;
}

/**
 * When the SDK said the visit is over: once the newest batch of every tab with pending batches is
 * final (the last tab closed), the latest of those. A final batch that is not its tab's highest seq
 * was followed by more (a reload, say) and ends nothing; a late retry of a lower seq does not undo
 * a final one. Tabs without pending batches were written out already and wait for nothing.
 */
export function finalAt(heads: readonly TabHead[]): number | null {
  if (heads.length === 0 || !heads.every((h) => h.final)) return null;
  return Math.max(...heads.map((h) => h.receivedAt));
}

/**
 * When the session should end: after the idle timeout, a grace period after its final batch, or
 * at the maximum session length, whichever comes first.
 */
export function sessionEndsAt(activity: PendingActivity, config: RecorderConfig): number {
  const idleEnd = activity.lastReceivedAt + config.idleTimeoutMs;
  const finalEnd = activity.finalAt === null ? Infinity : activity.finalAt + config.finalGraceMs;
  return Math.min(idleEnd, finalEnd, activity.sessionStartedAt + config.maxSessionMs);
}
