import { drizzle } from 'drizzle-orm/d1';
import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { SessionListItem } from '../../wire/index.ts';
import { sessionProperties, sessions } from './schema.ts';

export type SessionRow = typeof sessions.$inferInsert;

// D1 binds at most 100 parameters per statement; a property row takes 4.
const PROPERTY_ROWS_PER_INSERT = 25;

/**
 * Writes a session's row and replaces its properties in one batch (D1 runs a batch as one
 * transaction). Safe to repeat: finalisation may run again after a crash.
 */
export async function writeSession(db: D1Database, row: SessionRow, properties: Record<string, string>): Promise<void> {
  const d = drizzle(db);
  const { projectId: _p, id: _i, ...changes } = row;
  const rows = Object.entries(properties).map(([key, value]) => ({ projectId: row.projectId, sessionId: row.id, key, value }));
  const inserts = [];
  for (let i = 0; i < rows.length; i += PROPERTY_ROWS_PER_INSERT) {
    inserts.push(d.insert(sessionProperties).values(rows.slice(i, i + PROPERTY_ROWS_PER_INSERT)));
  }
  await d.batch([
    d.insert(sessions).values(row).onConflictDoUpdate({ target: [sessions.projectId, sessions.id], set: changes }),
    d.delete(sessionProperties).where(and(eq(sessionProperties.projectId, row.projectId), eq(sessionProperties.sessionId, row.id))),
    ...inserts,
  ]);
}

export async function getSessionProperties(db: D1Database, projectId: string, id: string): Promise<Record<string, string>> {
  const rows = await drizzle(db)
    .select({ key: sessionProperties.key, value: sessionProperties.value })
    .from(sessionProperties)
    .where(and(eq(sessionProperties.projectId, projectId), eq(sessionProperties.sessionId, id)))
    .all();
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
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
