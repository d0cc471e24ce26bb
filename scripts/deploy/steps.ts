/**
 * `npm run deploy`, step by step. Every step first looks at what exists and only creates what is
 * missing, so a second run changes nothing. Each failure says what to do next.
 *
 * The steps talk to Cloudflare only through the wrangler CLI (`Cli`), so a test can run them
 * against a stand-in CLI that records its calls.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureProjectSql, publicKeyFrom } from '../projects.ts';
import { databaseIdFrom, readResources, withDatabaseId, workerUrlFrom, type Resources } from './config.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Cli {
  /** Runs `wrangler <args> --config <config>`; never throws for a non-zero exit. */
  run(args: string[]): Promise<CliResult>;
}

export interface DeployDeps {
  cli: Cli;
  /** Builds the dashboard, recorder and demo into the Worker's static assets. */
  build(): Promise<void>;
  readConfig(): Promise<string>;
  writeConfig(text: string): Promise<void>;
  log(line: string): void;
}

export interface DeployResult {
  url: string | null;
  projectKey: string | null;
  created: string[];
  /** ADMIN_SECRET when this run set it (shown once); null when it was set already. */
  adminSecret: string | null;
}

/** A step failed; `message` says what went wrong and what to do about it. */
export class DeployError extends Error {}

const MISSING = /does not exist|not found|could not find|no such/i;

export async function deploy(deps: DeployDeps): Promise<DeployResult> {
  const { cli, log } = deps;
  const created: string[] = [];
  const steps = 10;
  let n = 0;
  const step = (what: string) => log(`[${++n}/${steps}] ${what}`);

  step('Checking the Cloudflare login');
  const who = await cli.run(['whoami', '--json']);
  if (who.code !== 0) {
    throw new DeployError('You are not logged in to Cloudflare. Run `npx wrangler login` (or set CLOUDFLARE_API_TOKEN) and run `npm run deploy` again.');
  }

  let resources = readResources(await deps.readConfig());

  step(`D1 database ${resources.database}`);
  resources = await ensureDatabase(deps, resources, created);

  step(`R2 bucket ${resources.bucket}`);
  await ensureExists(cli, ['r2', 'bucket', 'info', resources.bucket, '--json'], ['r2', 'bucket', 'create', resources.bucket], created, `R2 bucket ${resources.bucket}`, log);

  step(`Queue ${resources.queue}`);
  await ensureExists(cli, ['queues', 'info', resources.queue], ['queues', 'create', resources.queue], created, `queue ${resources.queue}`, log);

  // Analytics Engine has nothing to create: a dataset appears with its first data point.
  step(`Analytics Engine dataset ${resources.dataset} (created on first write)`);

  step('Applying D1 migrations');
  await must(cli, ['d1', 'migrations', 'apply', 'DB', '--remote'], 'Applying the D1 migrations failed. Fix the error above and run `npm run deploy` again; applied migrations are not applied twice.');

  step('Building the dashboard, recorder and demo');
  await deps.build();

  step(`Deploying the Worker ${resources.worker}`);
  const deployed = await must(cli, ['deploy'], 'wrangler deploy failed. Fix the error above and run `npm run deploy` again.');
  const url = workerUrlFrom(deployed.stdout);

  // After the first deploy, since a secret needs its Worker; until it is set the API refuses everyone.
  step('Admin secret (signs dashboard logins and share links)');
  const adminSecret = await ensureAdminSecret(deps);

  step('First project');
  const projectKey = await ensureFirstProject(cli);
  return { url, projectKey, created, adminSecret };
}

async function ensureDatabase(deps: DeployDeps, resources: Resources, created: string[]): Promise<Resources> {
  const listed = await must(deps.cli, ['d1', 'list', '--json'], 'Listing D1 databases failed.');
  let databases: Array<{ name?: string; uuid?: string }>;
  try {
    databases = JSON.parse(listed.stdout) as Array<{ name?: string; uuid?: string }>;
  } catch {
    throw new DeployError(`wrangler d1 list --json printed something that is not JSON: ${listed.stdout.slice(0, 200)}`);
  }
  let id = databases.find((db) => db.name === resources.database)?.uuid ?? null;
  if (id === null) {
    const made = await must(deps.cli, ['d1', 'create', resources.database], `Creating the D1 database ${resources.database} failed.`);
    id = databaseIdFrom(made.stdout);
    if (id === null) throw new DeployError(`wrangler d1 create did not print the new database's id: ${made.stdout.slice(0, 300)}`);
    created.push(`D1 database ${resources.database}`);
    deps.log(`  created, id ${id}`);
  } else {
    deps.log(`  exists, id ${id}`);
  }
  if (id !== resources.databaseId) {
    await deps.writeConfig(withDatabaseId(await deps.readConfig(), id));
    deps.log('  recorded its id in wrangler.toml');
  }
  return { ...resources, databaseId: id };
}

async function ensureExists(cli: Cli, info: string[], create: string[], created: string[], what: string, log: (line: string) => void): Promise<void> {
  const found = await cli.run(info);
  if (found.code === 0) {
    log('  exists');
    return;
  }
  if (!MISSING.test(found.stderr + found.stdout)) {
    throw new DeployError(`Checking the ${what} failed: ${(found.stderr || found.stdout).trim().slice(0, 300)}`);
  }
  await must(cli, create, `Creating the ${what} failed.`);
  created.push(what);
  log('  created');
}

/** Sets ADMIN_SECRET to a new random value unless the Worker has one; the new value, or null. */
async function ensureAdminSecret({ cli, log }: DeployDeps): Promise<string | null> {
  const listed = await must(cli, ['secret', 'list', '--format', 'json'], "Listing the Worker's secrets failed.");
  let names: string[];
  try {
    names = (JSON.parse(listed.stdout) as Array<{ name?: string }>).map((s) => s.name ?? '');
  } catch {
    throw new DeployError(`wrangler secret list printed something that is not JSON: ${listed.stdout.slice(0, 200)}`);
  }
  if (names.includes('ADMIN_SECRET')) {
    log('  exists (rotate it with `npx wrangler secret put ADMIN_SECRET`; that signs everyone out)');
    return null;
  }
  const secret = randomBytes(32).toString('base64url');
  // Through a private file, never the command line, where other users' `ps` would see it.
  const dir = await mkdtemp(join(tmpdir(), 'edge-replay-secret-'));
  try {
    const file = join(dir, 'secrets.json');
    await writeFile(file, JSON.stringify({ ADMIN_SECRET: secret }), { mode: 0o600 });
    await must(cli, ['secret', 'bulk', file], 'Setting ADMIN_SECRET failed. Run `npm run deploy` again, or set it yourself with `npx wrangler secret put ADMIN_SECRET`.');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  log('  set to a new random value, printed once at the end');
  return secret;
}

/** Creates the `default` project unless one exists, and returns its key for the snippet. */
async function ensureFirstProject(cli: Cli): Promise<string | null> {
  const sql = ensureProjectSql('default', 'Default');
  const out = await must(cli, ['d1', 'execute', 'DB', '--remote', '--json', '--command', sql], 'Creating the first project failed.');
  return publicKeyFrom(out.stdout);
}

async function must(cli: Cli, args: string[], advice: string): Promise<CliResult> {
  const result = await cli.run(args);
  if (result.code !== 0) {
    throw new DeployError(`${advice}\n  wrangler ${args.join(' ')} exited with ${result.code}: ${(result.stderr || result.stdout).trim().slice(0, 500)}`);
  }
  return result;
}
