/**
 * Local D1 for `npm start`: migrations, and a demo project whose key survives restarts.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO, WRANGLER } from './paths.ts';
import { ensureProjectSql, publicKeyFrom } from './projects.ts';

const run = promisify(execFile);

/** Runs wrangler with this Node, without prompts or metrics; its stdout, or a throw when it fails. */
export async function runWrangler(args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [WRANGLER, ...args], {
    cwd: REPO,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/** A wrangler command on the local state (D1, R2, DOs) kept in `stateDir`. */
export const wrangler = (args: string[], stateDir: string) => runWrangler([...args, '--local', '--persist-to', stateDir]);

export async function migrate(stateDir: string): Promise<void> {
  await wrangler(['d1', 'migrations', 'apply', 'DB'], stateDir);
}

/** Creates the demo project on first start and returns its public key (the same one every time after). */
export async function ensureDemoProject(stateDir: string): Promise<string> {
  const out = await wrangler(['d1', 'execute', 'DB', '--command', ensureProjectSql('demo', 'Demo'), '--json'], stateDir);
  const key = publicKeyFrom(out);
  if (!key) throw new Error(`could not read the demo project's key from: ${out.slice(0, 500)}`);
  return key;
}

/**
 * The local Worker's ADMIN_SECRET, made on first start and kept beside the rest of the local state
 * (never in the repository): a dotenv file `wrangler dev --env-file` reads. Returns its path and the secret.
 */
export async function ensureAdminSecret(stateDir: string): Promise<{ file: string; secret: string }> {
  const file = join(stateDir, 'admin-secret.env');
  const existing = await readFile(file, 'utf8').catch(() => '');
  const found = /^ADMIN_SECRET=(\S+)$/m.exec(existing)?.[1];
  if (found) return { file, secret: found };
  const secret = randomBytes(24).toString('base64url');
  await mkdir(stateDir, { recursive: true });
  await writeFile(file, `ADMIN_SECRET=${secret}\n`, { mode: 0o600 });
  return { file, secret };
}
