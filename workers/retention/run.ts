/**
 * The retention job's shell: reads D1, runs ./plan.ts's statements, deletes R2 objects. Every step
 * is safe to stop after and to repeat; the order of the steps is the argument in ./README.md.
 */
import { assetKey } from '../ingest/asset-store.ts';
import { manifestJson } from '../db/sessions.ts';
import { logEvent } from '../log.ts';
import {
  CLAIMED,
  CLAIMED_ASSETS_SQL,
  CLAIM_ASSETS_SQL,
  EXPIRED_SESSIONS_SQL,
  TOMBSTONES_SQL,
  DEFAULT_BUDGET,
  MAX_R2_DELETE_KEYS,
  SESSIONS_PER_PAGE,
  assetCutoffDay,
  chunkKeys,
  deleteSessionsStatements,
  forgetAssetsStatements,
  forgetTombstonesStatements,
  manifestUrls,
  sessionCutoff,
  sessionObjectKeys,
  type ExpiredSession,
  type RetentionBudget,
  type Statement,
} from './plan.ts';

export type RetentionEnv = Pick<Env, 'DB' | 'BUCKET'>;

export interface RetentionReport {
  sessionsDeleted: number;
  /** Of those, sessions whose URLs no manifest told, so their URL rows were found by a scan. */
  sessionsWithoutUrls: number;
  /** Sessions whose rows an earlier, interrupted run deleted: their objects are deleted now. */
  tombstonesFinished: number;
  assetsDeleted: number;
  r2KeysDeleted: number;
  d1RowsWritten: number;
  /** False when the budget ran out first: the next run carries on. */
  done: boolean;
}

export async function runRetention(env: RetentionEnv, now: number, budget: RetentionBudget = DEFAULT_BUDGET): Promise<RetentionReport> {
  const report: RetentionReport = { sessionsDeleted: 0, sessionsWithoutUrls: 0, tombstonesFinished: 0, assetsDeleted: 0, r2KeysDeleted: 0, d1RowsWritten: 0, done: true };
  const run = async (statements: Statement[]) => {
    if (statements.length === 0) return;
    const results = await env.DB.batch(statements.map((s) => env.DB.prepare(s.sql).bind(...s.params)));
    report.d1RowsWritten += results.reduce((n, r) => n + (r.meta.rows_written ?? 0), 0);
  };
  const deleteObjects = async (keys: string[]) => {
    for (const part of chunkKeys(keys)) await env.BUCKET.delete(part);
    report.r2KeysDeleted += keys.length;
  };

  const { results: projects } = await env.DB.prepare('SELECT id, retention_days AS retentionDays FROM projects ORDER BY id').all<{
    id: string;
    retentionDays: number;
  }>();
  let sessionsLeft = budget.sessions;

  // 1. Objects of sessions whose rows are gone already (a run stopped between D1 and R2).
  while (sessionsLeft > 0) {
    const { results } = await env.DB.prepare(TOMBSTONES_SQL)
      .bind(Math.min(SESSIONS_PER_PAGE, sessionsLeft))
      .all<Pick<ExpiredSession, 'projectId' | 'id' | 'segmentCount'>>();
    if (results.length === 0) break;
    await deleteObjects(results.flatMap(sessionObjectKeys));
    await run(forgetTombstonesStatements(results));
    report.tombstonesFinished += results.length;
    sessionsLeft -= results.length;
  }

  // 2. Each project's expired sessions, oldest first: what a stopped run left is again the oldest.
  for (const project of projects) {
    const cutoff = sessionCutoff(now, project.retentionDays);
    while (sessionsLeft > 0) {
      const limit = Math.min(SESSIONS_PER_PAGE, sessionsLeft);
      const { results } = await env.DB.prepare(EXPIRED_SESSIONS_SQL)
        .bind(project.id, cutoff, limit)
        .all<{ id: string; segmentCount: number; manifest: unknown }>();
      if (results.length === 0) break;
      const page: ExpiredSession[] = await Promise.all(
        results.map(async (r) => ({ projectId: project.id, id: r.id, segmentCount: r.segmentCount, urls: manifestUrls(await manifestText(r.manifest)) })),
      );
      // Rows and tombstones in one transaction, then the objects, then the tombstones.
      await run(deleteSessionsStatements(project.id, page));
      await deleteObjects(page.flatMap(sessionObjectKeys));
      await run(forgetTombstonesStatements(page));
      report.sessionsDeleted += page.length;
      report.sessionsWithoutUrls += page.filter((s) => s.urls === null).length;
      sessionsLeft -= page.length;
      if (results.length < limit) break;
    }
  }
  if (sessionsLeft === 0) report.done = false;

  // 3. Assets nothing kept refers to: claimed in D1, deleted in R2, then their rows.
  const cutoffDay = assetCutoffDay(now, projects.map((p) => p.retentionDays));
  let assetsLeft = budget.assets;
  while (assetsLeft > 0) {
    const limit = Math.min(MAX_R2_DELETE_KEYS, assetsLeft);
    let claimed = await claimedAssets(env.DB, limit);
    if (claimed.length === 0) {
      const claim = await env.DB.prepare(CLAIM_ASSETS_SQL).bind(CLAIMED, cutoffDay, limit).run();
      report.d1RowsWritten += claim.meta.rows_written ?? 0;
      claimed = await claimedAssets(env.DB, limit);
    }
    if (claimed.length === 0) break;
    await deleteObjects(claimed.map(assetKey));
    await run(forgetAssetsStatements(claimed));
    report.assetsDeleted += claimed.length;
    assetsLeft -= claimed.length;
  }
  if (assetsLeft === 0) report.done = false;

  logEvent('retention.run', { ...report });
  return report;
}

/**
 * The manifest column as JSON text: gzipped bytes as the DO writes it (D1 hands BLOBs back as
 * arrays of bytes), or text. Null when there is none or it does not decompress.
 */
async function manifestText(stored: unknown): Promise<string | null> {
  if (stored === null || stored === undefined) return null;
  if (typeof stored === 'string') return stored;
  const bytes = stored instanceof ArrayBuffer ? new Uint8Array(stored) : new Uint8Array(stored as ArrayLike<number>);
  return manifestJson(bytes).catch(() => null);
}

async function claimedAssets(db: D1Database, limit: number): Promise<string[]> {
  const { results } = await db.prepare(CLAIMED_ASSETS_SQL).bind(CLAIMED, limit).all<{ hash: string }>();
  return results.map((r) => r.hash);
}
