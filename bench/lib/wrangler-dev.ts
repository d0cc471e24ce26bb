/**
 * `wrangler dev` for a benchmark: a free loopback port, its own state directory, its output kept
 * line by line for metering, and stopped with its whole process group when the benchmark ends,
 * fails or is interrupted. The Worker runs from a bundle built once at start: wrangler dev
 * reloads on every source change, and a reload mid-run would restart workerd under the load.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResources } from '../../scripts/deploy/config.ts';
import { runWrangler } from '../../scripts/local-state.ts';
import { REPO, WRANGLER } from '../../scripts/paths.ts';
import { waitUntilServing } from '../../scripts/wait-ready.ts';
import { freePort } from '../../tests/e2e/stack.ts';
import { processGroupCpuMeter } from './proc-cpu.ts';

const READY_TIMEOUT_MS = 90_000;

/** Every Worker a benchmark starts signs API access with this run's own secret; reads send it as a bearer token. */
const ADMIN_SECRET = randomBytes(24).toString('base64url');
export const ADMIN_HEADERS = { authorization: `Bearer ${ADMIN_SECRET}` };

/** The queue the pipeline's wrangler.toml declares, whose consumer lines meterLogs counts. */
export const SESSION_EVENTS_QUEUE = readResources(readFileSync(join(REPO, 'wrangler.toml'), 'utf8')).queue;
const STOP_TIMEOUT_MS = 10_000;
/** Between /proc samples of workerd, so a workerd that exits mid-run takes at most this much CPU time uncounted with it. */
const CPU_SAMPLE_MS = 2_000;

export interface DevServer {
  origin: string;
  /** wrangler dev's DevTools port: a CPU profile of the Worker and its Durable Objects. */
  inspectorPort: number;
  /** Every line wrangler and the Worker printed so far, stdout and stderr. */
  lines: string[];
  /** CPU ms used so far by the workerd processes serving this run (Worker, DOs, D1, R2, Queue); never goes back. */
  workerdCpuMs(): number;
  stop(): Promise<void>;
}

export interface DevOptions {
  /** wrangler.toml to run; the repo's own by default. */
  config?: string;
  /** Local state (D1, R2, DOs, Queue) and the Worker's bundle go here. */
  stateDir: string;
  vars?: Record<string, string>;
}

const running = new Set<ChildProcess>();
const stateDirs = new Set<string>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

// Whatever ends the benchmark, no wrangler or workerd outlives it, nor its state.
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
  for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(130));
}

export async function startWranglerDev(options: DevOptions): Promise<DevServer> {
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const vars = Object.entries({ ...options.vars, ADMIN_SECRET }).flatMap(([name, value]) => ['--var', `${name}:${value}`]);
  // Named even when it is the default: given a script, wrangler dev would not look for it.
  const configFile = options.config ?? 'wrangler.toml';
  const config = ['--config', configFile];
  const bundle = await buildBundle(config, join(options.stateDir, 'bundle'));
  const args = [WRANGLER, 'dev', bundle, '--no-bundle', ...config, '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort)];
  args.push('--persist-to', options.stateDir, '--show-interactive-dev-session=false', ...vars);
  if (/^\[assets\]/m.test(await readFile(join(REPO, configFile), 'utf8'))) args.push('--assets', await snapshotAssets(options.stateDir));
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
  });
  running.add(child);
  const lines: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      lines.push(...parts);
    });
  }

  const workerdCpuMs = processGroupCpuMeter(child.pid!, 'workerd');
  const sampling = setInterval(workerdCpuMs, CPU_SAMPLE_MS).unref();

  const stop = async () => {
    clearInterval(sampling);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      killGroup(child, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, STOP_TIMEOUT_MS))]);
    }
    // workerd may outlive wrangler's node process: take the rest of the group down too.
    killGroup(child, 'SIGKILL');
    running.delete(child);
  };

  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(`${origin}/healthz`, child, READY_TIMEOUT_MS);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${lines.slice(-40).join('\n')}`);
  }
  return { origin, inspectorPort, lines, workerdCpuMs, stop };
}

/**
 * A copy of dist/public as it is now (made empty when it was never built: only the replay
 * benchmark needs the dashboard). wrangler dev reloads when its assets change, and a build
 * meanwhile (npm start, an e2e test) would restart workerd under the benchmark, losing queued
 * messages and the CPU count with it.
 */
async function snapshotAssets(stateDir: string): Promise<string> {
  const dir = join(stateDir, 'assets');
  await mkdir(join(REPO, 'dist/public'), { recursive: true });
  await cp(join(REPO, 'dist/public'), dir, { recursive: true });
  return dir;
}

/** The Worker as `wrangler deploy` would upload it, built from the sources as they are now. */
async function buildBundle(config: string[], outDir: string): Promise<string> {
  await runWrangler(['deploy', '--dry-run', '--outdir', outDir, ...config]);
  return join(outDir, 'index.js');
}

/** A state directory of its own, removed afterwards; nothing of a benchmark run stays in .wrangler/state. */
export async function withStateDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'edge-replay-bench-'));
  stateDirs.add(dir);
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
    stateDirs.delete(dir);
  }
}
