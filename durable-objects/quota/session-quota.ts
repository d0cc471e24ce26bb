import { DurableObject } from 'cloudflare:workers';
import { hasTable } from '../sqlite.ts';

/**
 * How long a day's admissions outlive the day, ms: a session admitted just before midnight
 * keeps recording into the next day, and the Worker asks the previous day's object about it.
 */
export const KEEP_AFTER_DAY_MS = 24 * 3_600_000;

/**
 * One object per (project, UTC day), named `<project>:<YYYY-MM-DD>`: the sessions admitted that
 * day. Admission runs synchronously between storage reads and writes, so concurrent first batches
 * of many sessions can never admit more than the quota. The Worker asks only on isolate-cache
 * misses, so a session costs about one request here, not one per batch.
 */
export class SessionQuota extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** False until the first admission: a day nobody was admitted on keeps no storage at all. */
  private hasTable: boolean;
  private admittedCount = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.hasTable = hasTable(this.sql, 'admitted');
    if (this.hasTable) this.admittedCount = this.sql.exec<{ n: number }>('SELECT count(*) AS n FROM admitted').one().n;
  }

  /**
   * True when the session is admitted: already, or now because the day has room under `quota`.
   * `dayEndsAt` (ms) schedules the cleanup of this object's rows once they cannot matter.
   */
  async admit(sessionId: string, quota: number, now: number, dayEndsAt: number): Promise<boolean> {
    if (this.isAdmitted(sessionId)) return true;
    if (this.admittedCount >= quota) return false;
    const first = !this.hasTable;
    if (first) this.sql.exec('CREATE TABLE admitted (session_id TEXT PRIMARY KEY, admitted_at INTEGER NOT NULL) WITHOUT ROWID');
    this.hasTable = true;
    this.sql.exec('INSERT INTO admitted (session_id, admitted_at) VALUES (?, ?)', sessionId, now);
    this.admittedCount++;
    // After the bookkeeping, so no other admission can slip in between check and count.
    if (first) await this.ctx.storage.setAlarm(dayEndsAt + KEEP_AFTER_DAY_MS);
    return true;
  }

  isAdmitted(sessionId: string): boolean {
    return this.hasTable && this.sql.exec('SELECT 1 FROM admitted WHERE session_id = ?', sessionId).toArray().length > 0;
  }

  /** The day and its grace period are over: nothing asks about these sessions any more. */
  async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
    this.hasTable = false;
    this.admittedCount = 0;
  }
}
