/**
 * A stand-in for the wrangler CLI, for testing the deploy script without a Cloudflare account.
 * It keeps the "account" in the JSON file named by STAND_IN_STATE and records every call there,
 * answering in the shapes the real CLI uses (JSON where the deploy asks for --json, text elsewhere).
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface StandInState {
  loggedIn: boolean;
  databases: Array<{ name: string; uuid: string }>;
  buckets: string[];
  queues: string[];
  projects: Array<{ id: string; publicKey: string }>;
  /** Names of the Worker's secrets (values are not kept). */
  secrets?: string[];
  calls: string[][];
  /** Calls whose joined arguments start with this fail with exit code 1. */
  failOn?: string;
}

const file = process.env.STAND_IN_STATE;
if (!file) throw new Error('STAND_IN_STATE is not set');
const state = JSON.parse(readFileSync(file, 'utf8')) as StandInState;

const argv = process.argv.slice(2);
const configAt = argv.indexOf('--config');
const args = configAt === -1 ? argv : [...argv.slice(0, configAt), ...argv.slice(configAt + 2)];
state.calls.push(args);

function finish(code: number, stdout = '', stderr = ''): never {
  writeFileSync(file!, JSON.stringify(state, null, 2));
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  process.exit(code);
}

const joined = args.join(' ');
if (state.failOn && joined.startsWith(state.failOn)) finish(1, '', `✘ [ERROR] stand-in failure for ${state.failOn}`);
if (!state.loggedIn && joined !== 'whoami --json') finish(1, '', '✘ [ERROR] You are not authenticated.');

const [a, b, c] = args;
if (joined === 'whoami --json') {
  finish(state.loggedIn ? 0 : 1, state.loggedIn ? '{"loggedIn":true,"authType":"OAuth Token"}' : '', state.loggedIn ? '' : 'Not logged in');
}
if (a === 'd1' && b === 'list') finish(0, JSON.stringify(state.databases.map(({ name, uuid }) => ({ name, uuid }))));
if (a === 'd1' && b === 'create') {
  const uuid = `6f1c2d3e-0000-4000-8000-${String(state.databases.length + 1).padStart(12, '0')}`;
  state.databases.push({ name: c, uuid });
  finish(0, `✅ Successfully created DB '${c}'\n\n[[d1_databases]]\nbinding = "DB"\ndatabase_name = "${c}"\ndatabase_id = "${uuid}"\n`);
}
if (a === 'r2' && b === 'bucket' && c === 'info') {
  const name = args[3];
  if (state.buckets.includes(name)) finish(0, JSON.stringify({ name }));
  finish(1, '', `✘ [ERROR] The specified bucket does not exist. [code: 10006]`);
}
if (a === 'r2' && b === 'bucket' && c === 'create') {
  state.buckets.push(args[3]);
  finish(0, `Created bucket '${args[3]}'`);
}
if (a === 'queues' && b === 'info') {
  if (state.queues.includes(c)) finish(0, `Queue Name: ${c}`);
  finish(1, '', `✘ [ERROR] Queue "${c}" does not exist.`);
}
if (a === 'queues' && b === 'create') {
  state.queues.push(c);
  finish(0, `Created queue ${c}.`);
}
if (a === 'd1' && b === 'migrations' && c === 'apply') finish(0, 'No migrations to apply!');
if (a === 'secret' && b === 'list') finish(0, JSON.stringify((state.secrets ?? []).map((name) => ({ name, type: 'secret_text' }))));
if (a === 'secret' && b === 'bulk') {
  const names = Object.keys(JSON.parse(readFileSync(c!, 'utf8')) as object);
  state.secrets = [...new Set([...(state.secrets ?? []), ...names])];
  finish(0, `✨ ${names.length} secrets successfully uploaded`);
}
if (a === 'deploy') finish(0, 'Uploaded edge-replay\nDeployed edge-replay triggers\n  https://edge-replay.stand-in.workers.dev\n');
if (a === 'd1' && b === 'execute') {
  const sql = args[args.indexOf('--command') + 1] ?? '';
  const insert = /VALUES \('([^']+)', '[^']*', '(pk_[0-9a-f]+)'/.exec(sql);
  if (insert && !state.projects.some((p) => p.id === insert[1])) state.projects.push({ id: insert[1], publicKey: insert[2] });
  const project = insert && state.projects.find((p) => p.id === insert[1]);
  finish(0, JSON.stringify([{ results: [] }, { results: project ? [{ public_key: project.publicKey }] : [] }]));
}
finish(1, '', `stand-in wrangler does not know: ${joined}`);
