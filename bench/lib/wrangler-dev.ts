/**
 * `wrangler dev` for a benchmark: a free loopback port, its own state directory, its output kept
 * line by line for metering, and stopped with its whole process group when the benchmark ends,
 * fails or is interrupted. The Worker runs from a bundle built once at start: wrangler dev
 * reloads on every source change, and a reload mid-run would restart workerd under the load.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readResources } from '../../scripts/deploy/config.ts';
import { REPO, WRANGLER } from '../../scripts/paths.ts';
import { waitUntilServing } from '../../scripts/wait-ready.ts';
import { freePort } from '../../tests/e2e/stack.ts';
import { processGroupCpuMs } from './proc-cpu.ts';

const READY_TIMEOUT_MS = 90_000;

/** The queue the pipeline's wrangler.toml declares, whose consumer lines meterLogs counts. */
export const SESSION_EVENTS_QUEUE = readResources(readFileSync(join(REPO, 'wrangler.toml'), 'utf8')).queue;
const STOP_TIMEOUT_MS = 10_000;

export interface DevServer {
  origin: string;
  /** wrangler dev's DevTools port: a CPU profile of the Worker and its Durable Objects. */
  inspectorPort: number;
  /** Every line wrangler and the Worker printed so far, stdout and stderr. */
  lines: string[];
  /** CPU ms used so far by the workerd processes serving this run (Worker, DOs, D1, R2, Queue). */
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
  // wrangler.toml serves dist/public as static assets; the benchmarks do not need them built.
  await mkdir(join(REPO, 'dist/public'), { recursive: true });
  const vars = Object.entries(options.vars ?? {}).flatMap(([name, value]) => ['--var', `${name}:${value}`]);
  // Named even when it is the default: given a script, wrangler dev would not look for it.
  const config = ['--config', options.config ?? 'wrangler.toml'];
  const bundle = await buildBundle(config, join(options.stateDir, 'bundle'));
  const args = [WRANGLER, 'dev', bundle, '--no-bundle', ...config, '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort)];
  args.push('--persist-to', options.stateDir, '--show-interactive-dev-session=false', ...vars);
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

  const stop = async () => {
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
  return { origin, inspectorPort, lines, workerdCpuMs: () => processGroupCpuMs(child.pid!, 'workerd'), stop };
}

/** The Worker as `wrangler deploy` would upload it, built from the sources as they are now. */
async function buildBundle(config: string[], outDir: string): Promise<string> {
  await promisify(execFile)(process.execPath, [WRANGLER, 'deploy', '--dry-run', '--outdir', outDir, ...config], {
    cwd: REPO,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
    maxBuffer: 16 * 1024 * 1024,
  });
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
