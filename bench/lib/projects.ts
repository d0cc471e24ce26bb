/**
 * Local D1 for a benchmark run: the migrations, and projects the benchmark sends to. Runs
 * `wrangler d1` against the run's own state directory, as `npm start` does for the demo project.
 */
import { migrate, wrangler } from '../../scripts/local-state.ts';
import { insertProjectSql, newProjectKey } from '../../scripts/projects.ts';

export interface BenchProject {
  id: string;
  key: string;
}

/** Applies the migrations and creates one project per id (ids: lowercase letters, digits, dashes). */
export async function createProjects(stateDir: string, ids: string[]): Promise<BenchProject[]> {
  await migrate(stateDir);
  if (new Set(ids).size !== ids.length) throw new Error('project ids repeat');
  const projects = ids.map((id) => ({ id, key: newProjectKey() }));
  const sql = projects.map(({ id, key }) => insertProjectSql({ id, name: id, key })).join(' ');
  await wrangler(['d1', 'execute', 'DB', '--command', sql], stateDir);
  return projects;
}
