/**
 * `npm start`: the whole stack on this machine. Builds, migrates local D1, creates the demo
 * project, runs `wrangler dev` (Worker, Durable Object, D1, R2, Queue, static assets) with
 * state kept under .wrangler/, and prints where to look. Ctrl-C stops everything.
 *
 * Environment: PORT (8787), EDGE_REPLAY_STATE (.wrangler/state), and the Worker's own vars
 * SESSION_IDLE_TIMEOUT_MS and FINAL_GRACE_MS to override wrangler.toml. The dashboard's
 * ADMIN_SECRET is made on first start and kept in the state directory (admin-secret.env).
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { renderSnippet } from '../sdk/snippet.ts';
import { PUBLIC_DIR, buildAll } from './build.ts';
import { ensureAdminSecret, ensureDemoProject, migrate } from './local-state.ts';
import { REPO, WRANGLER } from './paths.ts';
import { waitUntilServing } from './wait-ready.ts';

const WORKER_VARS = ['SESSION_IDLE_TIMEOUT_MS', 'FINAL_GRACE_MS'] as const;
const READY_TIMEOUT_MS = 60_000;

const port = Number(process.env.PORT ?? 8787);
const stateDir = resolve(REPO, process.env.EDGE_REPLAY_STATE ?? '.wrangler/state');
const origin = `http://127.0.0.1:${port}`;

await buildAll();
await migrate(stateDir);
const projectKey = await ensureDemoProject(stateDir);
const admin = await ensureAdminSecret(stateDir);
const snippet = renderSnippet({ endpoint: origin, projectKey });
// The demo flushes every 5 s rather than the 60 s default (chosen for cost), so someone trying
// the live view locally sees the visit follow along within seconds of opening it.
await writeDemoPage(renderSnippet({ endpoint: origin, projectKey, flushIntervalMs: 5_000 }));

const vars = WORKER_VARS.filter((name) => process.env[name]).flatMap((name) => ['--var', `${name}:${process.env[name]}`]);
const dev = spawn(
  process.execPath,
  [WRANGLER, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', stateDir, '--show-interactive-dev-session=false', '--env-file', admin.file, ...vars],
  { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
);
// Stopping because someone asked (Ctrl-C) is a clean exit; wrangler dying on its own is not.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopping = true;
    dev.kill(signal);
  });
}
dev.on('exit', (code) => process.exit(stopping ? 0 : (code ?? 1)));

await waitUntilServing(`${origin}/healthz`, dev, READY_TIMEOUT_MS).catch((error: unknown) => {
  dev.kill('SIGTERM');
  throw error;
});
console.log(`
edge-replay is running locally
  dashboard   ${origin}/
  admin secret ${admin.secret}   (sign in to the dashboard with it; kept in ${admin.file})
  demo page   ${origin}/demo/
  project     demo (public key ${projectKey})

Paste this into another site's <head> to record it here:
${snippet}

Sessions end after SESSION_IDLE_TIMEOUT_MS of inactivity (or soon after the tab closes). Ctrl-C stops.
`);

async function writeDemoPage(snippetHtml: string): Promise<void> {
  const page = join(PUBLIC_DIR, 'demo/index.html');
  const html = await readFile(page, 'utf8');
  if (!html.includes('<!--EDGE_REPLAY_SNIPPET-->')) throw new Error('demo/index.html lost its <!--EDGE_REPLAY_SNIPPET--> marker');
  await writeFile(page, html.replace('<!--EDGE_REPLAY_SNIPPET-->', snippetHtml));
}
