import { drizzle } from 'drizzle-orm/d1';
import { and, eq } from 'drizzle-orm';
import type { SessionListItem } from '../../wire/index.ts';
import { MAX_BOUND_PARAMETERS, cursorAfter, listColumns, listItem, searchQuery, type SearchCursor, type SearchRequest, type SearchRow } from './search.ts';
import { sessionClicks, sessionErrors, sessionProperties, sessionUrls, sessions } from './schema.ts';

export type SessionRow = typeof sessions.$inferInsert;

/** The child-table values of one session, as durable-objects/session/search-values.ts collects them. */
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
 * Writes a session's row, replaces its properties and adds its search values in one batch (D1
 * runs a batch as one transaction). Safe to repeat: finalisation may run again after a crash, and
 * a reopened session writes again; search values only grow, so existing ones are ignored, not
 * rewritten. Returns the rows D1 wrote, index entries included (what D1 bills).
 */
export async function writeSession(
  db: D1Database,
  row: SessionRow,
  properties: Record<string, string>,
  search: SessionSearchRows,
): Promise<number> {
  const d = drizzle(db);
  const { projectId, id: sessionId } = row;
  const { projectId: _p, id: _i, ...changes } = row;
  const propertyRows = Object.entries(properties).map(([key, value]) => ({ projectId, sessionId, key, value }));
  const urlRows = search.urls.map((u) => ({ projectId, sessionId, url: u.url, firstAt: u.at }));
  const clickRows = search.clicks.map((c) => ({ projectId, sessionId, selector: c.selector, text: c.text, firstAt: c.at }));
  const errorRows = search.errors.map((e) => ({ projectId, sessionId, message: e.message, firstAt: e.at }));
  const results = await d.batch([
    d.insert(sessions).values(row).onConflictDoUpdate({ target: [sessions.projectId, sessions.id], set: changes }),
    d.delete(sessionProperties).where(and(eq(sessionProperties.projectId, projectId), eq(sessionProperties.sessionId, sessionId))),
    ...chunks(propertyRows, 4).map((part) => d.insert(sessionProperties).values(part)),
    ...chunks(urlRows, 4).map((part) => d.insert(sessionUrls).values(part).onConflictDoNothing()),
    ...chunks(clickRows, 5).map((part) => d.insert(sessionClicks).values(part).onConflictDoNothing()),
    ...chunks(errorRows, 4).map((part) => d.insert(sessionErrors).values(part).onConflictDoNothing()),
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
