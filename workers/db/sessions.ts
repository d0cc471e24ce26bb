import { drizzle } from 'drizzle-orm/d1';
import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { SessionListItem } from '../../wire/index.ts';
import { sessions } from './schema.ts';

export type SessionRow = typeof sessions.$inferInsert;

/** Insert or refresh a session's row; safe to repeat (finalisation may run again after a crash). */
export async function upsertSession(db: D1Database, row: SessionRow): Promise<void> {
  const { projectId: _p, id: _i, ...changes } = row;
  await drizzle(db)
    .insert(sessions)
    .values(row)
    .onConflictDoUpdate({ target: [sessions.projectId, sessions.id], set: changes })
    .run();
}

/** The row of a session that has just started; never overwrites one that is already there. */
export async function insertLiveSession(db: D1Database, row: SessionRow): Promise<void> {
  await drizzle(db).insert(sessions).values(row).onConflictDoNothing().run();
}

const toItem = (row: typeof sessions.$inferSelect): SessionListItem => ({
  projectId: row.projectId,
  sessionId: row.id,
  status: row.status,
  startedAt: row.startedAt,
  endedAt: row.endedAt,
  durationMs: row.durationMs,
  eventCount: row.eventCount,
  pageCount: row.pageCount,
  clickCount: row.clickCount,
  rageClickCount: row.rageClickCount,
  deadClickCount: row.deadClickCount,
  errorCount: row.errorCount,
  consoleErrorCount: row.consoleErrorCount,
  userId: row.userId,
  entryUrl: row.entryUrl,
  exitUrl: row.exitUrl,
  browser: row.browser,
  os: row.os,
  country: row.country,
  segmentCount: row.segmentCount,
});

export interface SessionCursor {
  startedAt: number;
  id: string;
}

/** Newest first, keyset-paginated on (started_at, id) so every page is one index range scan. */
export async function listSessions(
  db: D1Database,
  projectId: string,
  status: 'live' | 'ended',
  limit: number,
  after: SessionCursor | null,
): Promise<{ items: SessionListItem[]; next: SessionCursor | null }> {
  const rows = await drizzle(db)
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.projectId, projectId),
        eq(sessions.status, status),
        after
          ? or(lt(sessions.startedAt, after.startedAt), and(eq(sessions.startedAt, after.startedAt), lt(sessions.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(sessions.startedAt), desc(sessions.id))
    .limit(limit + 1)
    .all();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toItem),
    next: rows.length > limit && last ? { startedAt: last.startedAt, id: last.id } : null,
  };
}

export async function findSessionProject(db: D1Database, id: string): Promise<string | null> {
  const row = await drizzle(db).select({ projectId: sessions.projectId }).from(sessions).where(eq(sessions.id, id)).get();
  return row?.projectId ?? null;
}

export async function getSession(db: D1Database, projectId: string, id: string): Promise<SessionListItem | null> {
  const row = await drizzle(db)
    .select()
    .from(sessions)
    .where(and(eq(sessions.projectId, projectId), eq(sessions.id, id)))
    .get();
  return row ? toItem(row) : null;
}
