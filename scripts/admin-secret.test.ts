import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { ensureAdminSecret } from './local-state.ts';

let dir = '';
afterEach(() => rm(dir, { recursive: true, force: true }));

it('makes the local ADMIN_SECRET once, readable only by its owner, and keeps it across starts', async () => {
  dir = await mkdtemp(join(tmpdir(), 'er-secret-'));
  const stateDir = join(dir, 'state');
  const first = await ensureAdminSecret(stateDir);
  expect(first.secret).toMatch(/^[\w-]{32}$/);
  expect(await readFile(first.file, 'utf8')).toBe(`ADMIN_SECRET=${first.secret}\n`);
  expect((await stat(first.file)).mode & 0o777).toBe(0o600);
  expect(await ensureAdminSecret(stateDir)).toEqual(first);
  const other = await ensureAdminSecret(join(dir, 'other'));
  expect(other.secret).not.toBe(first.secret);
});
