import { drizzle } from 'drizzle-orm/d1';
import { and, asc, eq } from 'drizzle-orm';
import { MAX_COMMENTS_PER_SESSION, type SessionComment } from '../../wire/comments.ts';
import { sessionComments, sessions } from '../db/schema.ts';

const commentColumns = {
  id: sessionComments.id,
  tab: sessionComments.tab,
  t: sessionComments.t,
  x: sessionComments.x,
  y: sessionComments.y,
  body: sessionComments.body,
  author: sessionComments.author,
  createdAt: sessionComments.createdAt,
};

const ofSession = (projectId: string, sessionId: string) =>
  and(eq(sessionComments.projectId, projectId), eq(sessionComments.sessionId, sessionId));

const sessionRow = (db: D1Database, projectId: string, sessionId: string) =>
  drizzle(db).select({ id: sessions.id }).from(sessions).where(and(eq(sessions.projectId, projectId), eq(sessions.id, sessionId)));

/** A session's comments in time order; null when there is no such session. One round trip. */
export async function listComments(db: D1Database, projectId: string, sessionId: string): Promise<SessionComment[] | null> {
  const d = drizzle(db);
  const [comments, session] = await d.batch([
    d.select(commentColumns).from(sessionComments).where(ofSession(projectId, sessionId)).orderBy(asc(sessionComments.t), asc(sessionComments.createdAt)),
    sessionRow(db, projectId, sessionId),
  ]);
  return session.length === 0 ? null : comments;
}

/**
 * Stores a comment if its session exists and has room for it. One statement, so two viewers
 * commenting at once cannot both take the last place (D1 has no interactive transactions).
 */
export async function insertComment(db: D1Database, projectId: string, sessionId: string, comment: SessionComment): Promise<'stored' | 'no_session' | 'full'> {
  const result = await db
    .prepare(
      `INSERT INTO session_comments (project_id, session_id, id, tab, t, x, y, body, author, created_at)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10
       WHERE EXISTS (SELECT 1 FROM sessions WHERE id = ?2 AND project_id = ?1)
         AND (SELECT COUNT(*) FROM session_comments WHERE project_id = ?1 AND session_id = ?2) < ?11`,
    )
    .bind(projectId, sessionId, comment.id, comment.tab, comment.t, comment.x, comment.y, comment.body, comment.author, comment.createdAt, MAX_COMMENTS_PER_SESSION)
    .run();
  if (result.meta.changes > 0) return 'stored';
  return (await sessionRow(db, projectId, sessionId).get()) ? 'full' : 'no_session';
}

/** Deletes a comment; `author`, when given, must be the one who wrote it. False when nothing matched. */
export async function deleteComment(db: D1Database, projectId: string, sessionId: string, id: string, author: string | null = null): Promise<boolean> {
  const byAuthor = author === null ? undefined : eq(sessionComments.author, author);
  const result = await drizzle(db).delete(sessionComments).where(and(ofSession(projectId, sessionId), eq(sessionComments.id, id), byAuthor)).run();
  return result.meta.changes > 0;
}
