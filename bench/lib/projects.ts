/**
 * Local D1 for a benchmark run: the migrations, and projects the benchmark sends to. Runs
 * `wrangler d1` against the run's own state directory, as `npm start` does for the demo project.
 */
import { randomBytes } from 'node:crypto';
import { migrate, wrangler } from '../../scripts/local-state.ts';

export interface BenchProject {
  id: string;
  key: string;
}

/** Applies the migrations and creates one project per id (ids: lowercase letters, digits, dashes). */
export async function createProjects(stateDir: string, ids: string[]): Promise<BenchProject[]> {
  await migrate(stateDir);
  const projects = ids.map((id) => {
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(id)) throw new Error(`bad project id ${id}`);
    return { id, key: `pk_${randomBytes(12).toString('hex')}` };
  });
  // Ids and keys are checked or hex above, so they are safe in SQL text.
  const sql = projects
    .map((p) => `INSERT INTO projects (id, name, public_key, created_at) VALUES ('${p.id}', '${p.id}', '${p.key}', ${Date.now()});`)
    .join(' ');
  await wrangler(['d1', 'execute', 'DB', '--command', sql], stateDir);
  return projects;
}

/** Rows of a read-only query on the run's local D1 (call it while wrangler dev is stopped). */
export async function queryD1<Row>(stateDir: string, sql: string): Promise<Row[]> {
  const out = await wrangler(['d1', 'execute', 'DB', '--command', sql, '--json'], stateDir);
  return (JSON.parse(out) as Array<{ results: Row[] }>).flatMap((r) => r.results);
}
