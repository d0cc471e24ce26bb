/**
 * The session list's search: filters (wire/filters.ts), a sort and a cursor become one SELECT on
 * D1. Pure: it builds SQL with bound parameters and runs nothing, so the SQL is unit-tested in
 * Node, its query plans in workerd (tests/workers/search-plans.test.ts), and the search benchmark
 * runs the very same text straight on SQLite as its floor.
 *
 * How it stays on indexes (the plans test checks each filter and sort):
 *  - one statement in two steps: a walk finds the page's session ids, then only those rows are
 *    read by key. The walk goes newest first through (project_id, status, started_at, …), with
 *    date ranges as a range on it; that index also holds duration_ms, active_ms and click_targets,
 *    so walks on dates, those columns, "clicked", properties and URLs read index entries, not rows,
 *    and a sort by duration or activity orders small index records in its temp b-tree;
 *  - partial indexes (migrations/0015), which only the sessions they list pay for: one user's
 *    sessions (user id set), and sessions with errors, newest first with their messages ("has
 *    errors", "error message contains") and by count (sort=errors);
 *  - sort=errors without an errors filter: those with errors by count, then the rest (all 0)
 *    newest first; each walk stops after a page;
 *  - "clicked" and "error message contains" are LIKE on the click_targets and error_messages text
 *    (workers/db/search-text.ts), read from those indexes as the walk passes: no per-event or
 *    per-value rows;
 *  - a property condition is a point lookup in session_properties per session (EXISTS);
 *  - "URL contains" first walks the project's distinct URLs in session_urls' primary key, seeks
 *    to the sessions of the matching ones (visits since the date range's start) and probes that
 *    set (IN / NOT IN): per-session child rows are never scanned.
 * Other sessions' columns (browser, country, …) are checked on the row as the walk reaches it;
 * text that matches few sessions, with no date range, passes over the whole project's index.
 */
import { and, desc, eq, gt, gte, inArray, lt, lte, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { QueryBuilder } from 'drizzle-orm/sqlite-core';
import { isSessionId, type SessionListItem } from '../../wire/index.ts';
import { DATE_RANGES, SORTS, type SessionFilter, type SessionSort } from '../../wire/filters.ts';
import { sessions } from './schema.ts';
import { searchText } from './search-text.ts';

/** D1 refuses statements with more bound parameters than this. */
export const MAX_BOUND_PARAMETERS = 100;

export type SessionStatus = 'live' | 'ended';

/** Where the previous page stopped: its last row's sort key, start and id. */
export interface SearchCursor {
  sort: SessionSort;
  /** duration_ms, active_ms or error_count of the last row; null for sort by time. */
  value: number | null;
  startedAt: number;
  id: string;
}

export interface SearchRequest {
  projectId: string;
  status: SessionStatus;
  filter: SessionFilter;
  cursor: SearchCursor | null;
  /** Rows on a page; the query asks for one more to know whether another page follows. */
  limit: number;
  /** Resolves relative date ranges (`range=7d`). */
  now: number;
}

export interface BuiltQuery {
  sql: string;
  params: Array<string | number>;
}

/** The columns the list shows (SessionListItem), keyed by their names in D1 so raw rows match. */
export const listColumns = {
  project_id: sessions.projectId,
  id: sessions.id,
  status: sessions.status,
  started_at: sessions.startedAt,
  ended_at: sessions.endedAt,
  duration_ms: sessions.durationMs,
  event_count: sessions.eventCount,
  page_count: sessions.pageCount,
  click_count: sessions.clickCount,
  rage_click_count: sessions.rageClickCount,
  dead_click_count: sessions.deadClickCount,
  error_count: sessions.errorCount,
  console_error_count: sessions.consoleErrorCount,
  user_id: sessions.userId,
  entry_url: sessions.entryUrl,
  exit_url: sessions.exitUrl,
  browser: sessions.browser,
  os: sessions.os,
  country: sessions.country,
  segment_count: sessions.segmentCount,
  tab_count: sessions.tabCount,
  active_ms: sessions.activeMs,
  device_class: sessions.deviceClass,
  referrer: sessions.referrer,
};

/** A row of the search's result, keyed by column name. */
type ListColumns = typeof listColumns;
export type SearchRow = {
  [K in keyof ListColumns]: ListColumns[K]['_']['notNull'] extends true ? ListColumns[K]['_']['data'] : ListColumns[K]['_']['data'] | null;
};

export function listItem(row: SearchRow): SessionListItem {
  return {
    projectId: row.project_id,
    sessionId: row.id,
    status: row.status,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs: row.duration_ms,
    eventCount: row.event_count,
    pageCount: row.page_count,
    clickCount: row.click_count,
    rageClickCount: row.rage_click_count,
    deadClickCount: row.dead_click_count,
    errorCount: row.error_count,
    consoleErrorCount: row.console_error_count,
    userId: row.user_id,
    entryUrl: row.entry_url,
    exitUrl: row.exit_url,
    browser: row.browser,
    os: row.os,
    country: row.country,
    segmentCount: row.segment_count,
    tabCount: row.tab_count,
    activeMs: row.active_ms,
    deviceClass: row.device_class,
    referrer: row.referrer,
  };
}

/** The column each sort orders by before (started_at, id); time has none. */
const SORT_COLUMN = {
  time: null,
  duration: sessions.durationMs,
  activity: sessions.activeMs,
  errors: sessions.errorCount,
} as const satisfies Record<SessionSort, unknown>;

/** `%text%` for LIKE, with the text's own % _ and \ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const like = (column: SQL, text: string) => sql`${column} LIKE ${containsPattern(text)} ESCAPE '\\'`;

/**
 * Session ids of the project with a visited URL containing `text`, via the distinct URLs. Only
 * visits from `from` on: a session's first visit to a page comes no earlier than its start (both
 * are event times, and started_at is the earliest), so the set stays as small as the date range.
 */
function visitedUrl(projectId: string, text: string, from: number): SQL {
  return sql`${sessions.id} IN (SELECT session_id FROM session_urls WHERE project_id = ${projectId} AND first_at >= ${from} AND url IN (
    WITH RECURSIVE distinct_urls(url) AS (
      SELECT (SELECT min(url) FROM session_urls WHERE project_id = ${projectId})
      UNION ALL
      SELECT (SELECT min(url) FROM session_urls WHERE project_id = ${projectId} AND url > distinct_urls.url)
        FROM distinct_urls WHERE distinct_urls.url IS NOT NULL
    )
    SELECT url FROM distinct_urls WHERE ${like(sql`url`, text)}))`;
}

/**
 * Checked on the text as the walk reaches it, in the index it walks (workers/db/search-text.ts):
 * the filter's text has no separator in it, so a match lies within one selector, one click text
 * or one message.
 */
function rowText(column: SQL, text: string): SQL {
  return like(column, searchText(text));
}

/**
 * Written as the WHERE of the partial index the sort should walk, with literals, not bound
 * parameters: SQLite uses a partial index only when the query's terms imply its WHERE, and
 * `error_count > 0` does not imply `error_count >= 1` to it, so each sort gets exactly one of them
 * (sessions_project_errors_count for sort=errors, sessions_project_errors_started for the others).
 */
function hasErrors(sort: SessionSort): SQL {
  return sort === 'errors' ? sql`${sessions.errorCount} >= 1` : sql`${sessions.errorCount} > 0`;
}

function property(key: string, value: string): SQL {
  return sql`EXISTS (SELECT 1 FROM session_properties WHERE project_id = ${sessions.projectId}
    AND session_id = ${sessions.id} AND key = ${key} AND value = ${value})`;
}

/** Rows after the cursor in the sort's order (all descending), as one row-value comparison. */
function afterCursor(cursor: SearchCursor): SQL {
  const column = SORT_COLUMN[cursor.sort];
  return column === null
    ? sql`(${sessions.startedAt}, ${sessions.id}) < (${cursor.startedAt}, ${cursor.id})`
    : sql`(${column}, ${sessions.startedAt}, ${sessions.id}) < (${cursor.value}, ${cursor.startedAt}, ${cursor.id})`;
}

/** Every condition the filter sets, ANDed by the caller. */
function filterConditions(projectId: string, filter: SessionFilter, now: number): SQL[] {
  const conditions: SQL[] = [];
  const from = Math.max(filter.from ?? 0, filter.range === null ? 0 : now - DATE_RANGES[filter.range]);
  if (from > 0) conditions.push(gte(sessions.startedAt, from));
  if (filter.to !== null) conditions.push(lt(sessions.startedAt, filter.to));
  if (filter.userId !== null) conditions.push(eq(sessions.userId, filter.userId));
  if (filter.browser !== null) conditions.push(eq(sessions.browser, filter.browser));
  if (filter.os !== null) conditions.push(eq(sessions.os, filter.os));
  if (filter.device !== null) conditions.push(eq(sessions.deviceClass, filter.device));
  if (filter.country !== null) conditions.push(eq(sessions.country, filter.country));
  // Every error message comes with an error counted (durable-objects/session/summary.ts).
  if (filter.hasErrors || filter.errorMessage !== null) conditions.push(hasErrors(filter.sort));
  if (filter.rageClicks) conditions.push(gt(sessions.rageClickCount, 0));
  if (filter.deadClicks) conditions.push(gt(sessions.deadClickCount, 0));
  if (filter.minDurationMs !== null) conditions.push(gte(sessions.durationMs, filter.minDurationMs));
  if (filter.maxDurationMs !== null) conditions.push(lte(sessions.durationMs, filter.maxDurationMs));
  if (filter.minActiveMs !== null) conditions.push(gte(sessions.activeMs, filter.minActiveMs));
  if (filter.maxActiveMs !== null) conditions.push(lte(sessions.activeMs, filter.maxActiveMs));
  if (filter.entryUrl !== null) conditions.push(like(sql`${sessions.entryUrl}`, filter.entryUrl));
  if (filter.referrer !== null) conditions.push(like(sql`${sessions.referrer}`, filter.referrer));
  for (const { key, value, negate } of filter.properties) {
    conditions.push(negate ? sql`NOT ${property(key, value)}` : property(key, value));
  }
  if (filter.visited !== null) conditions.push(visitedUrl(projectId, filter.visited, from));
  if (filter.notVisited !== null) conditions.push(sql`NOT ${visitedUrl(projectId, filter.notVisited, from)}`);
  if (filter.clicked !== null) conditions.push(rowText(sql`${sessions.clickTargets}`, filter.clicked));
  if (filter.errorMessage !== null) conditions.push(rowText(sql`${sessions.errorMessages}`, filter.errorMessage));
  return conditions;
}

/** The page's SELECT, newest first within the sort, one row more than `limit`. */
export function searchQuery(request: SearchRequest): BuiltQuery {
  const { projectId, status, filter, cursor } = request;
  // The route answers 400 first; a mismatched cursor here would silently skip rows.
  if (cursor !== null && cursor.sort !== filter.sort) throw new Error(`a sort=${cursor.sort} cursor for a sort=${filter.sort} search`);
  const sortColumn = SORT_COLUMN[filter.sort];
  const where = and(
    eq(sessions.projectId, projectId),
    eq(sessions.status, status),
    ...filterConditions(projectId, filter, request.now),
    cursor === null ? undefined : afterCursor(cursor),
  );
  const order = [...(sortColumn === null ? [] : [desc(sortColumn)]), desc(sessions.startedAt), desc(sessions.id)];
  // The page's ids first, then only the page's rows. The walk reads the list index alone when the
  // filter's columns are in it (dates, duration, activity, clicked, properties and URLs by id), so
  // sessions it passes over are never read from the table, and a sort orders small index records.
  const builder = new QueryBuilder();
  const walk = (conditions: SQL | undefined, by: SQL[]) => builder.select({ id: sessions.id }).from(sessions).where(conditions).orderBy(...by).limit(request.limit + 1);
  const page = (ids: SQLWrapper) =>
    builder.select(listColumns).from(sessions).where(and(eq(sessions.projectId, projectId), inArray(sessions.id, ids))).orderBy(...order).limit(request.limit + 1).toSQL();
  let built = page(walk(where, order));
  if (filter.sort === 'errors' && !filter.hasErrors && filter.errorMessage === null) {
    // Sessions with errors first, by count through their own index; all the others have 0 and
    // follow newest first. Each walk stops after a page instead of sorting the whole project.
    const withErrors = walk(and(where, hasErrors('errors')), order);
    const without = walk(and(where, sql`${sessions.errorCount} = 0`), order.slice(1));
    const split = page(sql`(SELECT id FROM ${withErrors} UNION ALL SELECT id FROM ${without})`);
    // Twice the conditions: a crafted filter near D1's limit keeps the single walk.
    if (split.params.length <= MAX_BOUND_PARAMETERS) built = split;
  }
  const params = built.params as Array<string | number>;
  // Only a crafted URL gets near this (10 property conditions and every text filter set).
  if (params.length > MAX_BOUND_PARAMETERS) throw new RangeError(`search needs ${params.length} bound parameters`);
  return { sql: built.sql, params };
}

/** The cursor that continues after a page's last row. */
export function cursorAfter(sort: SessionSort, row: SearchRow): SearchCursor {
  const column = SORT_COLUMN[sort];
  const value = column === null ? null : { duration: row.duration_ms, activity: row.active_ms, errors: row.error_count }[sort as Exclude<SessionSort, 'time'>];
  return { sort, value, startedAt: row.started_at, id: row.id };
}

/** Opaque to clients: base64url of [sort, startedAt, id] or [sort, value, startedAt, id]. */
export function encodeCursor(cursor: SearchCursor): string {
  const parts = cursor.value === null ? [cursor.sort, cursor.startedAt, cursor.id] : [cursor.sort, cursor.value, cursor.startedAt, cursor.id];
  return btoa(JSON.stringify(parts)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The cursor in `text`, or null when it is not one encodeCursor made. */
export function decodeCursor(text: string): SearchCursor | null {
  let parts: unknown;
  try {
    parts = JSON.parse(atob(text.replaceAll('-', '+').replaceAll('_', '/')));
  } catch {
    return null;
  }
  if (!Array.isArray(parts)) return null;
  const [sort, ...rest] = parts as unknown[];
  if (!(SORTS as readonly unknown[]).includes(sort)) return null;
  const keyed = sort !== 'time';
  if (rest.length !== (keyed ? 3 : 2)) return null;
  const [value, startedAt, id] = keyed ? rest : [null, ...rest];
  if (keyed && !Number.isSafeInteger(value)) return null;
  if (!Number.isSafeInteger(startedAt) || !isSessionId(id)) return null;
  return { sort: sort as SessionSort, value: value as number | null, startedAt: startedAt as number, id };
}
