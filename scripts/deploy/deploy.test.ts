import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO } from '../paths.ts';
import { processCli } from './cli.ts';
import type { StandInState } from './stand-in-wrangler.ts';
import { DeployError, deploy, type DeployDeps } from './steps.ts';

const STAND_IN = join(REPO, 'scripts/deploy/stand-in-wrangler.ts');

let dir: string;
let statePath: string;
let configPath: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'er-deploy-'));
  statePath = join(dir, 'account.json');
  configPath = join(dir, 'wrangler.toml');
  await writeFile(configPath, await readFile(join(REPO, 'wrangler.toml'), 'utf8'));
  await setAccount({ loggedIn: true, databases: [], buckets: [], queues: [], projects: [], calls: [] });
});

afterEach(() => rm(dir, { recursive: true, force: true }));

async function setAccount(state: StandInState): Promise<void> {
  await writeFile(statePath, JSON.stringify(state));
}

const account = async () => JSON.parse(await readFile(statePath, 'utf8')) as StandInState;

function deps(builds: string[] = []): DeployDeps {
  return {
    cli: processCli([process.execPath, STAND_IN], configPath, { ...process.env, STAND_IN_STATE: statePath }),
    build: async () => void builds.push('built'),
    readConfig: () => readFile(configPath, 'utf8'),
    writeConfig: (text) => writeFile(configPath, text),
    log: () => {},
  };
}

const creates = (calls: string[][]) => calls.filter((call) => call.includes('create')).map((call) => call.slice(0, 3).join(' '));

// Each deploy starts the stand-in CLI about ten times, a Node process each: slow on a busy machine.
describe('npm run deploy against a stand-in wrangler CLI', { timeout: 30_000 }, () => {
  it('creates what is missing, records the D1 id, migrates, builds, deploys and makes the first project', async () => {
    const builds: string[] = [];
    const result = await deploy(deps(builds));

    const { calls, projects } = await account();
    expect(creates(calls)).toEqual(['d1 create edge-replay', 'r2 bucket create', 'queues create edge-replay-session-events']);
    expect(calls).toContainEqual(['d1', 'migrations', 'apply', 'DB', '--remote']);
    expect(calls).toContainEqual(['deploy']);
    expect(builds).toEqual(['built']);
    // Migrations run before the code that needs them goes live.
    expect(calls.findIndex((c) => c[1] === 'migrations')).toBeLessThan(calls.findIndex((c) => c[0] === 'deploy'));
    expect(await readFile(configPath, 'utf8')).toContain('database_id = "6f1c2d3e-0000-4000-8000-000000000001"');
    expect(result).toEqual({
      url: 'https://edge-replay.stand-in.workers.dev',
      projectKey: projects[0].publicKey,
      created: ['D1 database edge-replay', 'R2 bucket edge-replay', 'queue edge-replay-session-events'],
      adminSecret: expect.stringMatching(/^[\w-]{43}$/),
    });
    // Set once the Worker exists, through a file: the value is never on a command line.
    const { secrets } = await account();
    expect(secrets).toEqual(['ADMIN_SECRET']);
    expect(calls.findIndex((c) => c[0] === 'secret' && c[1] === 'bulk')).toBeGreaterThan(calls.findIndex((c) => c[0] === 'deploy'));
    expect(JSON.stringify(calls)).not.toContain(result.adminSecret!);
  });

  it('changes nothing when run again', async () => {
    const first = await deploy(deps());
    const configAfterFirst = await readFile(configPath, 'utf8');
    const callsAfterFirst = (await account()).calls.length;

    const second = await deploy(deps());
    const { calls, projects } = await account();
    expect(creates(calls.slice(callsAfterFirst))).toEqual([]);
    expect(await readFile(configPath, 'utf8')).toBe(configAfterFirst);
    expect(projects).toHaveLength(1);
    // The secret is not replaced: that would sign everyone out.
    expect(second).toEqual({ ...first, created: [], adminSecret: null });
    expect(calls.slice(callsAfterFirst).some((c) => c[0] === 'secret' && c[1] === 'bulk')).toBe(false);
  });

  it('stops at once with what to do when not logged in', async () => {
    await setAccount({ loggedIn: false, databases: [], buckets: [], queues: [], projects: [], calls: [] });
    await expect(deploy(deps())).rejects.toThrow(/npx wrangler login/);
    expect((await account()).calls).toEqual([['whoami', '--json']]);
  });

  it('says which step failed and how to go on, without touching later steps', async () => {
    await setAccount({ loggedIn: true, databases: [], buckets: [], queues: [], projects: [], calls: [], failOn: 'd1 migrations apply' });
    const error = await deploy(deps()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    expect((error as Error).message).toMatch(/migrations failed[\s\S]*run `npm run deploy` again[\s\S]*stand-in failure/);
    expect((await account()).calls.some((c) => c[0] === 'deploy')).toBe(false);
  });

  it('does not mistake an R2 outage for a missing bucket', async () => {
    await setAccount({ loggedIn: true, databases: [], buckets: [], queues: [], projects: [], calls: [], failOn: 'r2 bucket info' });
    await expect(deploy(deps())).rejects.toThrow(/Checking the R2 bucket edge-replay failed/);
    expect(creates((await account()).calls)).toEqual(['d1 create edge-replay']);
  });
});
