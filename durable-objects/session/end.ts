import type { RecorderConfig } from './config.ts';

/** What the DO knows about the batches it holds that have not been written to R2 yet. */
export interface PendingActivity {
  /** Server receive time of the session's first batch, ms. */
  sessionStartedAt: number;
  /** Server receive time of the newest pending batch, ms. */
  lastReceivedAt: number;
  /**
   * Receive time of the pending batch with the highest seq, when that batch is marked final.
   * A final batch that is not the highest seq was followed by more (a reload, say) and ends nothing;
   * a late retry of a lower seq does not undo a final one.
   */
  finalAt: number | null;
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
