import { drizzle } from 'drizzle-orm/d1';
import { eq } from 'drizzle-orm';
import type { ProjectInfo } from '../../wire/index.ts';
import { projects } from './schema.ts';

const toInfo = (row: typeof projects.$inferSelect): ProjectInfo => ({ id: row.id, name: row.name, publicKey: row.publicKey });

export async function findProjectByKey(db: D1Database, publicKey: string): Promise<ProjectInfo | null> {
  const row = await drizzle(db).select().from(projects).where(eq(projects.publicKey, publicKey)).get();
  return row ? toInfo(row) : null;
}

export async function listProjects(db: D1Database): Promise<ProjectInfo[]> {
  const rows = await drizzle(db).select().from(projects).orderBy(projects.createdAt, projects.id).all();
  return rows.map(toInfo);
}
