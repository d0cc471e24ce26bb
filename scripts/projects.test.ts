import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { beforeEach, describe, expect, it } from 'vitest';
import { REPO } from './paths.ts';
import { ensureProjectSql, insertProjectSql, publicKeyFrom } from './projects.ts';

let db: DatabaseSync;

beforeEach(async () => {
  db = new DatabaseSync(':memory:');
  const dir = join(REPO, 'migrations');
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort()) db.exec(await readFile(join(dir, file), 'utf8'));
});

/** Runs SQL text statement by statement and answers as `wrangler d1 execute --json` does. */
const execute = (sql: string) =>
  JSON.stringify(
    sql
      .split(/;\s*/)
      .filter((statement) => statement.trim())
      .map((statement) => ({ results: db.prepare(statement).all(), success: true })),
  );

describe('ensureProjectSql', () => {
  it('creates the project once and answers with the same key every run', () => {
    const first = publicKeyFrom(execute(ensureProjectSql('demo', 'Demo', 1_700_000_000_000)));
    expect(first).toMatch(/^pk_[0-9a-f]{24}$/);
    expect(publicKeyFrom(execute(ensureProjectSql('demo', 'Demo')))).toBe(first);
    expect(db.prepare('SELECT id, name, public_key, created_at FROM projects').all()).toEqual([
      { id: 'demo', name: 'Demo', public_key: first, created_at: 1_700_000_000_000 },
    ]);
  });

  it('keeps projects with other ids apart', () => {
    const demo = publicKeyFrom(execute(ensureProjectSql('demo', 'Demo')));
    const other = publicKeyFrom(execute(ensureProjectSql('default', 'Default')));
    expect(other).not.toBe(demo);
    expect(db.prepare('SELECT count(*) AS n FROM projects').get()).toEqual({ n: 2 });
  });
});

describe('insertProjectSql', () => {
  it('inserts several projects in one text', () => {
    const rows = ['load-0', 'load-1'].map((id, i) => ({ id, name: id, key: `pk_${String(i).repeat(24)}` }));
    execute(rows.map((row) => insertProjectSql(row)).join(' '));
    expect(db.prepare('SELECT id, public_key AS key FROM projects ORDER BY id').all()).toEqual(rows.map(({ id, key }) => ({ id, key })));
  });

  it('refuses values that could break out of the SQL text', () => {
    const ok = { id: 'demo', name: 'Demo', key: 'pk_00ff' };
    expect(() => insertProjectSql({ ...ok, id: "x'); DROP TABLE projects; --" })).toThrow(/bad project id/);
    expect(() => insertProjectSql({ ...ok, name: "O'Brien" })).toThrow(/bad project name/);
    expect(() => insertProjectSql({ ...ok, key: "pk_1' OR '1" })).toThrow(/bad project key/);
  });
});

describe('publicKeyFrom', () => {
  it('finds the selected key after the insert statement’s empty result', () => {
    expect(publicKeyFrom('[{"results":[]},{"results":[{"public_key":"pk_ab12"}]}]')).toBe('pk_ab12');
  });

  it('is null for output without a key, or that is not JSON', () => {
    expect(publicKeyFrom('[{"results":[]},{"results":[]}]')).toBeNull();
    expect(publicKeyFrom('✘ [ERROR] something')).toBeNull();
  });
});
