/**
 * Project rows made from the command line, as SQL text for `wrangler d1 execute`: the same text
 * whether it runs on local state (`npm start`, the benchmarks) or the account's D1 (`npm run deploy`).
 */
import { randomBytes } from 'node:crypto';
import { isProjectId } from '../wire/index.ts';

export interface ProjectRow {
  id: string;
  name: string;
  key: string;
}

// wrangler d1 execute takes SQL text, not bound parameters, so every value is checked first
// (a project id's shape, isProjectId, is safe inside quotes).
const SAFE_NAME = /^[\w -]{1,100}$/;
const SAFE_KEY = /^pk_[0-9a-f]+$/;

export const newProjectKey = () => `pk_${randomBytes(12).toString('hex')}`;

/** Inserts the project unless one with its id exists; an existing project keeps its key. */
export function insertProjectSql({ id, name, key }: ProjectRow, now = Date.now()): string {
  if (!isProjectId(id)) throw new Error(`bad project id ${id}`);
  if (!SAFE_NAME.test(name)) throw new Error(`bad project name ${name}`);
  if (!SAFE_KEY.test(key)) throw new Error(`bad project key ${key}`);
  return `INSERT OR IGNORE INTO projects (id, name, public_key, created_at) VALUES ('${id}', '${name}', '${key}', ${Math.trunc(now)});`;
}

/** Creates the project on the first run, then selects its key: a new key the first time, the same one after. */
export function ensureProjectSql(id: string, name: string, now = Date.now()): string {
  return `${insertProjectSql({ id, name, key: newProjectKey() }, now)} SELECT public_key FROM projects WHERE id = '${id}';`;
}

/** The key `ensureProjectSql` selected, from `wrangler d1 execute --json`'s output; null when it has none. */
export function publicKeyFrom(jsonOutput: string): string | null {
  try {
    const results = JSON.parse(jsonOutput) as Array<{ results?: Array<{ public_key?: unknown }> }>;
    const key = results.flatMap((r) => r.results ?? []).find((row) => typeof row.public_key === 'string')?.public_key;
    return typeof key === 'string' ? key : null;
  } catch {
    return null;
  }
}
