import { drizzle } from 'drizzle-orm/d1';
import { and, eq, gt, or } from 'drizzle-orm';
import type { ProjectInfo } from '../../wire/index.ts';
import { projects } from './schema.ts';

const toInfo = (row: typeof projects.$inferSelect): ProjectInfo => ({
  id: row.id,
  name: row.name,
  publicKey: row.publicKey,
  config: { sampleRate: row.sampleRate, bufferMode: row.bufferMode },
  allowedOrigins: row.allowedOrigins,
});

/** What ingest needs of a project beyond what the dashboard and SDKs see. */
export interface IngestProject extends ProjectInfo {
  /** New sessions admitted per UTC day; null: no quota. */
  sessionQuotaPerDay: number | null;
}

// Every ingest and config request looks its key up: keep answers in the isolate for a minute
// (settings changes reach SDKs within that), and unknown keys briefly so a flood of bad keys
// does not become a flood of D1 reads.
const FOUND_TTL_MS = 60_000;
const MISSING_TTL_MS = 5_000;
const MAX_CACHED_KEYS = 1_000;
const byKey = new Map<string, { project: IngestProject | null; expiresAt: number }>();

export async function findProjectByKey(db: D1Database, publicKey: string, now = Date.now()): Promise<IngestProject | null> {
  const cached = byKey.get(publicKey);
  if (cached && cached.expiresAt > now) return cached.project;
  // The current key, or the one a rotation replaced while its grace period lasts.
  const current = eq(projects.publicKey, publicKey);
  const previous = and(eq(projects.previousPublicKey, publicKey), gt(projects.previousKeyExpiresAt, now));
  const row = await drizzle(db).select().from(projects).where(or(current, previous)).get();
  const project = row ? { ...toInfo(row), sessionQuotaPerDay: row.sessionQuotaPerDay } : null;
  if (byKey.size >= MAX_CACHED_KEYS) byKey.clear();
  let expiresAt = now + (project ? FOUND_TTL_MS : MISSING_TTL_MS);
  // An old key's answer must not outlive its grace period.
  if (row && row.publicKey !== publicKey && row.previousKeyExpiresAt !== null) expiresAt = Math.min(expiresAt, row.previousKeyExpiresAt);
  byKey.set(publicKey, { project, expiresAt });
  return project;
}

/** Drops cached answers for these keys, so a change made in this isolate applies here at once; others wait out FOUND_TTL_MS. */
export function forgetProjectKeys(...keys: (string | null)[]): void {
  for (const key of keys) if (key !== null) byKey.delete(key);
}

export async function listProjects(db: D1Database): Promise<ProjectInfo[]> {
  const rows = await drizzle(db).select().from(projects).orderBy(projects.createdAt, projects.id).all();
  return rows.map(toInfo);
}
