import { drizzle } from 'drizzle-orm/d1';
import { and, eq } from 'drizzle-orm';
import type { SessionListItem } from '../../wire/index.ts';
import { MAX_BOUND_PARAMETERS, cursorAfter, listColumns, listItem, searchQuery, type SearchCursor, type SearchRequest, type SearchRow } from './search.ts';
import { sessionProperties, sessionUrls, sessions } from './schema.ts';
import { clickTargetsText, errorMessagesText } from './search-text.ts';
import { gzip } from '../compression.ts';
import { legacyManifestKey } from '../storage-keys.ts';

/** A session's row as the DO makes it; writeSession() derives the search text columns. */
export type SessionRow = Omit<typeof sessions.$inferInsert, 'clickTargets' | 'errorMessages'>;

/** The search values of one session, as durable-objects/session/search-values.ts collects them. */
export interface SessionSearchRows {
  urls: Array<{ url: string; at: number }>;
  clicks: Array<{ selector: string; text: string; at: number }>;
  errors: Array<{ message: string; at: number }>;
}

function chunks<T>(rows: T[], columns: number): T[][] {
  const size = Math.floor(MAX_BOUND_PARAMETERS / columns);
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Writes a session's row, replaces its properties and adds its visited URLs in one batch (D1
 * runs a batch as one transaction). Clicked elements and error messages go into the row itself
 * (workers/db/search-text.ts): no rows of their own. Safe to repeat: finalisation may run again
 * after a crash, and a reopened session writes again; URLs only grow, so existing ones are
 * ignored, not rewritten. Returns the rows D1 wrote, index entries included (what D1 bills).
 */
export async function writeSession(
  db: D1Database,
  row: SessionRow,
  properties: Record<string, string>,
  search: SessionSearchRows,
): Promise<number> {
  const d = drizzle(db);
  const full = { ...row, clickTargets: clickTargetsText(search.clicks), errorMessages: errorMessagesText(search.errors) };
  const { projectId, id: sessionId } = full;
  const { projectId: _p, id: _i, ...changes } = full;
  const propertyRows = Object.entries(properties).map(([key, value]) => ({ projectId, sessionId, key, value }));
  const urlRows = search.urls.map((u) => ({ projectId, sessionId, url: u.url, firstAt: u.at }));
  const results = await d.batch([
    d.insert(sessions).values(full).onConflictDoUpdate({ target: [sessions.projectId, sessions.id], set: changes }),
    d.delete(sessionProperties).where(and(eq(sessionProperties.projectId, projectId), eq(sessionProperties.sessionId, sessionId))),
    ...chunks(propertyRows, 4).map((part) => d.insert(sessionProperties).values(part)),
    ...chunks(urlRows, 4).map((part) => d.insert(sessionUrls).values(part).onConflictDoNothing()),
  ]);
  return (results as unknown as D1Result[]).reduce((n, r) => n + (r.meta?.rows_written ?? 0), 0);
}

export async function getSessionProperties(db: D1Database, projectId: string, id: string): Promise<Record<string, string>> {
  const rows = await drizzle(db)
    .select({ key: sessionProperties.key, value: sessionProperties.value })
    .from(sessionProperties)
    .where(and(eq(sessionProperties.projectId, projectId), eq(sessionProperties.sessionId, id)))
    .all();
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

/** The row of a session that has just started; never overwrites one that is already there. Returns the rows written. */
export async function insertLiveSession(db: D1Database, row: SessionRow): Promise<number> {
  const result = await drizzle(db).insert(sessions).values(row).onConflictDoNothing().run();
  return result.meta.rows_written ?? 0;
}

/** One page of a project's sessions matching a filter (workers/db/search.ts builds the query). */
export async function searchSessions(db: D1Database, request: SearchRequest): Promise<{ items: SessionListItem[]; next: SearchCursor | null }> {
  const { sql, params } = searchQuery(request);
  const { results } = await db.prepare(sql).bind(...params).all<SearchRow>();
  const page = results.slice(0, request.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(listItem),
    next: results.length > request.limit && last ? cursorAfter(request.filter.sort, last) : null,
  };
}

export async function findSession(db: D1Database, id: string): Promise<{ projectId: string; status: 'live' | 'ended' } | null> {
  const row = await drizzle(db).select({ projectId: sessions.projectId, status: sessions.status }).from(sessions).where(eq(sessions.id, id)).get();
  return row ?? null;
}

export async function getSession(db: D1Database, projectId: string, id: string): Promise<SessionListItem | null> {
  const row = await drizzle(db)
    .select(listColumns)
    .from(sessions)
    .where(and(eq(sessions.projectId, projectId), eq(sessions.id, id)))
    .get();
  return row ? listItem(row) : null;
}

/** A session's list columns and its manifest JSON (null while live): the detail view's one read of the row. */
export async function getSessionDetail(db: D1Database, projectId: string, id: string): Promise<{ session: SessionListItem; manifest: string | null } | null> {
  const row = await drizzle(db)
    .select({ ...listColumns, manifest: sessions.manifest })
    .from(sessions)
    .where(and(eq(sessions.projectId, projectId), eq(sessions.id, id)))
    .get();
  if (!row) return null;
  const { manifest, ...columns } = row;
  return { session: listItem(columns), manifest: manifest === null ? null : await manifestJson(manifest) };
}

/**
 * The manifest JSON of a session that ended, null when there is none (a new session, or one
 * still live), and the rows D1 read for it (what D1 bills). A session that ended before
 * migration 0012 has its manifest in R2 instead (see legacyManifest).
 */
export async function readManifest(db: D1Database, bucket: R2Bucket, projectId: string, id: string): Promise<{ manifest: string | null; rowsRead: number }> {
  const { results, meta } = await drizzle(db)
    .select({ status: sessions.status, manifest: sessions.manifest })
    .from(sessions)
    .where(and(eq(sessions.projectId, projectId), eq(sessions.id, id)))
    .run();
  const row = results[0] as { status: string; manifest: Uint8Array | number[] | null } | undefined;
  const manifest = row?.manifest ? await manifestJson(new Uint8Array(row.manifest)) : row?.status === 'ended' ? await legacyManifest(bucket, projectId, id) : null;
  return { manifest, rowsRead: meta.rows_read ?? 0 };
}

/** The R2 manifest of a session that ended before manifests moved onto its D1 row, or null. */
export async function legacyManifest(bucket: R2Bucket, projectId: string, id: string): Promise<string | null> {
  return (await bucket.get(legacyManifestKey(projectId, id)))?.text() ?? null;
}

/** The manifest column's bytes for a manifest's JSON. */
export function storedManifestBytes(json: string): Promise<Uint8Array> {
  return gzip(json);
}

/** A manifest column's gzipped bytes as JSON text. */
export async function manifestJson(stored: Uint8Array): Promise<string> {
  return new Response(new Blob([stored]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
}
