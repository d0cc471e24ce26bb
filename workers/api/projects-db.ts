/** Reads and writes of project settings for the dashboard API (issue 6). */
import { drizzle } from 'drizzle-orm/d1';
import { eq, sql } from 'drizzle-orm';
import { KEY_GRACE_MS, type NewProject, type ProjectPatch, type ProjectSettings } from '../../wire/projects.ts';
import { forgetProjectKeys } from '../db/projects.ts';
import { projects } from '../db/schema.ts';

type Row = typeof projects.$inferSelect;

const toSettings = (row: Row, now: number): ProjectSettings => {
  const graceLeft = row.previousPublicKey !== null && row.previousKeyExpiresAt !== null && row.previousKeyExpiresAt > now;
  return {
    id: row.id,
    name: row.name,
    publicKey: row.publicKey,
    previousPublicKey: graceLeft ? row.previousPublicKey : null,
    previousKeyExpiresAt: graceLeft ? row.previousKeyExpiresAt : null,
    allowedOrigins: row.allowedOrigins,
    sampleRate: row.sampleRate,
    bufferMode: row.bufferMode,
    retentionDays: row.retentionDays,
    sessionQuotaPerDay: row.sessionQuotaPerDay,
    createdAt: row.createdAt,
  };
};

/** Same shape as scripts/projects.ts makes: pk_ and 24 hex digits (96 random bits). */
export function newPublicKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `pk_${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export async function getProjectSettings(db: D1Database, id: string, now = Date.now()): Promise<ProjectSettings | null> {
  const row = await drizzle(db).select().from(projects).where(eq(projects.id, id)).get();
  return row ? toSettings(row, now) : null;
}

/** Null when there is no such project. */
export async function updateProjectSettings(db: D1Database, id: string, patch: ProjectPatch, now = Date.now()): Promise<ProjectSettings | null> {
  const row = await drizzle(db).update(projects).set(patch).where(eq(projects.id, id)).returning().get();
  if (!row) return null;
  forgetProjectKeys(row.publicKey, row.previousPublicKey);
  return toSettings(row, now);
}

/** Null when the id is taken. */
export async function createProject(db: D1Database, { id, name }: NewProject, now = Date.now()): Promise<ProjectSettings | null> {
  const row = await drizzle(db).insert(projects).values({ id, name, publicKey: newPublicKey(), createdAt: now }).onConflictDoNothing().returning().get();
  if (!row) return null;
  forgetProjectKeys(row.publicKey);
  return toSettings(row, now);
}

/**
 * A new key; the current one moves to previous_public_key for KEY_GRACE_MS, so snippets still
 * deployed and batches in flight keep ingesting. A key that was already in its grace period is
 * dropped at once (one old key at a time). Null when there is no such project.
 */
export async function rotateProjectKey(db: D1Database, id: string, now = Date.now()): Promise<ProjectSettings | null> {
  const before = await drizzle(db).select({ previous: projects.previousPublicKey }).from(projects).where(eq(projects.id, id)).get();
  if (!before) return null;
  const row = await drizzle(db)
    .update(projects)
    .set({ previousPublicKey: sql`${projects.publicKey}`, previousKeyExpiresAt: now + KEY_GRACE_MS, publicKey: newPublicKey() })
    .where(eq(projects.id, id))
    .returning()
    .get();
  if (!row) return null;
  forgetProjectKeys(row.publicKey, row.previousPublicKey, before.previous);
  return toSettings(row, now);
}
