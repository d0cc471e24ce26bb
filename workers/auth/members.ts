/** Project members in D1 (table project_members, migration 0014). */
import { drizzle } from 'drizzle-orm/d1';
import { and, asc, eq } from 'drizzle-orm';
import type { ProjectMember, Role } from '../../wire/auth.ts';
import { projectMembers, projects } from '../db/schema.ts';

/** The projects an email is a member of, with its role in each: read on every request of an Access user. */
export async function rolesOf(db: D1Database, email: string): Promise<Map<string, Role>> {
  const rows = await drizzle(db)
    .select({ projectId: projectMembers.projectId, role: projectMembers.role })
    .from(projectMembers)
    .where(eq(projectMembers.email, email))
    .all();
  return new Map(rows.map((row) => [row.projectId, row.role]));
}

/** A project's members, oldest first; null when there is no such project. */
export async function listMembers(db: D1Database, projectId: string): Promise<ProjectMember[] | null> {
  const d = drizzle(db);
  const [members, project] = await d.batch([
    d.select({ email: projectMembers.email, role: projectMembers.role, createdAt: projectMembers.createdAt })
      .from(projectMembers)
      .where(eq(projectMembers.projectId, projectId))
      .orderBy(asc(projectMembers.createdAt), asc(projectMembers.email)),
    d.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId)),
  ]);
  return project.length === 0 ? null : members;
}

/** Adds a member or changes their role; false when there is no such project. */
export async function putMember(db: D1Database, projectId: string, member: ProjectMember): Promise<boolean> {
  // One statement: the project check and the write cannot be split by a concurrent delete.
  const result = await db
    .prepare(
      `INSERT INTO project_members (project_id, email, role, created_at)
       SELECT id, ?2, ?3, ?4 FROM projects WHERE id = ?1
       ON CONFLICT (project_id, email) DO UPDATE SET role = excluded.role`,
    )
    .bind(projectId, member.email, member.role, member.createdAt)
    .run();
  return result.meta.changes > 0;
}

/** Removes a member; false when they were not one. */
export async function removeMember(db: D1Database, projectId: string, email: string): Promise<boolean> {
  const result = await drizzle(db)
    .delete(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.email, email)))
    .run();
  return result.meta.changes > 0;
}
