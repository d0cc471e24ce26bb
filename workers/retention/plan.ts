/**
 * What the retention job deletes, as pure functions of `now` and what D1 returned; ./run.ts wires
 * them to D1 and R2. The order of the deletes and why it is safe: ./README.md.
 */
import { DAY_MS } from '../../wire/stats.ts';
import { legacyManifestKey, segmentKey } from '../storage-keys.ts';

/** D1 refuses a query with more bound parameters. */
export const MAX_BOUND_PARAMETERS = 100;
/** R2's delete() takes at most this many keys per call. */
export const MAX_R2_DELETE_KEYS = 1000;
/** Sessions per D1 batch: their row deletes and tombstones stay within the parameter limit. */
export const SESSIONS_PER_PAGE = 100;
/** The asset row of an asset the job has claimed for deletion (a real day is never negative). */
export const CLAIMED = -1;

/** How much one run may delete; the next run (an hour later) carries on from where it stopped. */
export interface RetentionBudget {
  sessions: number;
  assets: number;
}

/**
 * Sized to stay well within a scheduled run's limits: about 400 D1 and R2 calls (4 per page), a
 * few seconds of CPU. Hourly, that deletes up to 240,000 sessions a day.
 */
export const DEFAULT_BUDGET: RetentionBudget = { sessions: 10_000, assets: 5_000 };

/** Days since the epoch, UTC: the unit of assets.last_seen_day. */
export const dayNumber = (ms: number) => Math.floor(ms / DAY_MS);

/** A project's ended sessions that started before this instant are expired. */
export const sessionCutoff = (now: number, retentionDays: number) => now - retentionDays * DAY_MS;

/**
 * Assets last seen before this day may go. Every batch that refers to an asset marks it seen on
 * the day it arrives, so an asset that a kept session refers to was seen no earlier than
 * dayNumber(now) - (its project's retention); one more day absorbs clocks and the UTC day's edge.
 */
export function assetCutoffDay(now: number, retentionDays: readonly number[]): number {
  return dayNumber(now) - Math.max(0, ...retentionDays) - 1;
}

/** A project's oldest expired sessions (project, cutoff, limit), through the sessions list index. */
export const EXPIRED_SESSIONS_SQL =
  "SELECT id, segment_count AS segmentCount, manifest FROM sessions WHERE project_id = ? AND status = 'ended' AND started_at < ? ORDER BY started_at LIMIT ?";

/** Sessions whose rows are gone and objects maybe not (limit). */
export const TOMBSTONES_SQL = 'SELECT project_id AS projectId, session_id AS id, segment_count AS segmentCount FROM deleted_sessions LIMIT ?';

/**
 * Claims up to ?3 assets last seen before day ?2 by setting them to ?1 (CLAIMED). One statement, so
 * the day is checked at the moment of the claim: an asset an ingest marked seen since any earlier
 * read is not taken.
 */
export const CLAIM_ASSETS_SQL =
  'UPDATE assets SET last_seen_day = ?1 WHERE hash IN (SELECT hash FROM assets WHERE last_seen_day >= 0 AND last_seen_day < ?2 LIMIT ?3)';

/** Claimed assets (CLAIMED, limit): this run's, or those of a run that stopped before finishing. */
export const CLAIMED_ASSETS_SQL = 'SELECT hash FROM assets WHERE last_seen_day = ? LIMIT ?';

/** An expired session as the job reads it from D1. */
export interface ExpiredSession {
  projectId: string;
  id: string;
  segmentCount: number;
  /**
   * Its visited URLs (session_urls keys), from its manifest; null when it has none (rows written
   * before manifests moved to D1), which makes the delete scan the project's URLs instead.
   */
  urls: string[] | null;
}

export interface Statement {
  sql: string;
  params: Array<string | number>;
}

/**
 * Every R2 object of a session: its segments and, for sessions ended before manifests moved to
 * D1, manifest.json (deleting a key that is not there is harmless and free).
 */
export function sessionObjectKeys(s: Pick<ExpiredSession, 'projectId' | 'id' | 'segmentCount'>): string[] {
  const keys = [legacyManifestKey(s.projectId, s.id)];
  for (let i = 0; i < s.segmentCount; i++) keys.push(segmentKey(s.projectId, s.id, i));
  return keys;
}

/** Splits `items` so that each part binds at most `fixed` + `perItem` × length parameters ≤ the limit. */
export function chunk<T>(items: readonly T[], perItem: number, fixed = 0): T[][] {
  const size = Math.max(1, Math.floor((MAX_BOUND_PARAMETERS - fixed) / perItem));
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
}

export function chunkKeys(keys: readonly string[]): string[][] {
  const parts: string[][] = [];
  for (let i = 0; i < keys.length; i += MAX_R2_DELETE_KEYS) parts.push(keys.slice(i, i + MAX_R2_DELETE_KEYS));
  return parts;
}

const marks = (n: number, mark = '?') => Array.from({ length: n }, () => mark).join(', ');

/**
 * One project's expired sessions out of D1, for one D1 batch (one transaction): the child rows,
 * the sessions' queue-dedupe keys, the session rows, and a tombstone per session that keeps its R2
 * objects findable until they are deleted. Every statement uses its table's key.
 */
export function deleteSessionsStatements(projectId: string, sessions: readonly ExpiredSession[]): Statement[] {
  const ids = sessions.map((s) => s.id);
  const statements: Statement[] = [];
  const byIds = (table: string, column: string) => {
    for (const part of chunk(ids, 1, 1)) {
      statements.push({ sql: `DELETE FROM ${table} WHERE project_id = ? AND ${column} IN (${marks(part.length)})`, params: [projectId, ...part] });
    }
  };
  const urlKeys = sessions.flatMap((s) => (s.urls ?? []).map((url) => [url, s.id] as const));
  for (const part of chunk(urlKeys, 2, 1)) {
    statements.push({
      sql: `DELETE FROM session_urls WHERE project_id = ? AND (url, session_id) IN (VALUES ${marks(part.length, '(?, ?)')})`,
      params: [projectId, ...part.flat()],
    });
  }
  const unknownUrls = sessions.filter((s) => s.urls === null).map((s) => s.id);
  for (const part of chunk(unknownUrls, 1, 1)) {
    statements.push({ sql: `DELETE FROM session_urls WHERE project_id = ? AND session_id IN (${marks(part.length)})`, params: [projectId, ...part] });
  }
  byIds('session_properties', 'session_id');
  byIds('session_comments', 'session_id');
  const counted = ids.flatMap((id) => [`session.started:${projectId}:${id}`, `session.ended:${projectId}:${id}`]);
  for (const part of chunk(counted, 1)) {
    statements.push({ sql: `DELETE FROM counted_events WHERE key IN (${marks(part.length)})`, params: part });
  }
  // Only ended rows: a live session is never deleted, even if it had the same id.
  for (const part of chunk(ids, 1, 1)) {
    statements.push({ sql: `DELETE FROM sessions WHERE project_id = ? AND status = 'ended' AND id IN (${marks(part.length)})`, params: [projectId, ...part] });
  }
  for (const part of chunk(sessions, 3)) {
    statements.push({
      sql: `INSERT OR IGNORE INTO deleted_sessions (project_id, session_id, segment_count) VALUES ${marks(part.length, '(?, ?, ?)')}`,
      params: part.flatMap((s) => [s.projectId, s.id, s.segmentCount]),
    });
  }
  return statements;
}

/** Tombstones removed once their objects are gone. */
export function forgetTombstonesStatements(sessions: ReadonlyArray<Pick<ExpiredSession, 'projectId' | 'id'>>): Statement[] {
  return chunk(sessions, 2).map((part) => ({
    sql: `DELETE FROM deleted_sessions WHERE (project_id, session_id) IN (VALUES ${marks(part.length, '(?, ?)')})`,
    params: part.flatMap((s) => [s.projectId, s.id]),
  }));
}

/** Asset rows deleted after their objects, only while still claimed (see ./README.md). */
export function forgetAssetsStatements(hashes: readonly string[]): Statement[] {
  return chunk(hashes, 1, 1).map((part) => ({
    sql: `DELETE FROM assets WHERE last_seen_day = ? AND hash IN (${marks(part.length)})`,
    params: [CLAIMED, ...part],
  }));
}

/**
 * The visited URLs recorded in a session's manifest JSON (the StoredManifest the DO writes), or
 * null when there is no manifest or it does not have them.
 */
export function manifestUrls(manifest: string | null): string[] | null {
  if (manifest === null) return null;
  try {
    const urls = (JSON.parse(manifest) as { recorder?: { summary?: { search?: { urls?: unknown } } } }).recorder?.summary?.search?.urls;
    if (!Array.isArray(urls)) return null;
    const out: string[] = [];
    for (const u of urls) {
      if (typeof u?.url !== 'string') return null;
      out.push(u.url);
    }
    return out;
  } catch {
    return null;
  }
}
