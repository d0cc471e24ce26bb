import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runWrangler } from '../local-state.ts';
import { REPO } from '../paths.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'er-dry-run-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// What CI can check without an account: the Worker, its Durable Objects and every binding
// bundle and validate as `wrangler deploy` would upload them. The dashboard build has its own
// test (the e2e suite builds and serves it), so a placeholder stands in for the static assets.
it('bundles the Worker for deployment (wrangler deploy --dry-run)', async () => {
  const assets = join(dir, 'assets');
  await mkdir(assets);
  await writeFile(join(assets, 'index.html'), '<!doctype html>');
  const toml = (await readFile(join(REPO, 'wrangler.toml'), 'utf8'))
    .replace(/^main = ".*"$/m, `main = "${join(REPO, 'workers/index.ts')}"`)
    .replace(/^directory = ".*"$/m, `directory = "${assets}"`)
    .replace(/^migrations_dir = ".*"$/m, `migrations_dir = "${join(REPO, 'migrations')}"`);
  const config = join(dir, 'wrangler.toml');
  await writeFile(config, toml);

  const out = join(dir, 'out');
  const stdout = await runWrangler(['deploy', '--dry-run', '--outdir', out, '--config', config]);
  expect(stdout).toContain('--dry-run: exiting now.');
  for (const binding of ['SESSION_RECORDER', 'DB', 'BUCKET', 'SESSION_EVENTS', 'ANALYTICS', 'ASSETS']) expect(stdout).toContain(`env.${binding}`);
  const bundle = (await readdir(out)).find((name) => name.endsWith('.js'));
  expect(bundle).toBeDefined();
  expect(await readFile(join(out, bundle!), 'utf8')).toContain('SessionRecorder');
});
