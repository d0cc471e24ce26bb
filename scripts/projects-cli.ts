/**
 * `npm run projects -- <command>`: manage a deployment's projects through its dashboard API, so
 * the CLI gets the same validation and errors as the dashboard (issue 6).
 *
 *   list | create NAME [--id ID] | show ID | set ID key=value… | rotate-key ID
 *   --url URL (default http://127.0.0.1:8787); the admin secret comes from $ADMIN_SECRET.
 */
import { PROJECT_SETTINGS } from '../wire/projects.ts';
import { isMain } from './paths.ts';

export const DEFAULT_URL = 'http://127.0.0.1:8787';

export const USAGE = `usage: npm run projects -- <command> [--url URL]
  list                      projects and their keys
  create NAME [--id ID]     a new project; prints its id and key
  show ID                   a project's settings
  set ID key=value…         change settings: ${PROJECT_SETTINGS.join(', ')}
                            (allowedOrigins=a,b  sessionQuotaPerDay=null for no quota)
  rotate-key ID             a new key; the old one keeps working for 7 days
The admin secret is read from $ADMIN_SECRET; --url defaults to ${DEFAULT_URL}.`;

/** One API call: what a command sends. */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  body?: Record<string, unknown>;
}

export type Parsed = { ok: true; url: string; request: ApiRequest } | { ok: false; message: string };

const fail = (message: string): Parsed => ({ ok: false, message });
const projectPath = (id: string) => `/api/projects/${encodeURIComponent(id)}`;

/**
 * `key=value` as the JSON the API expects: numbers, booleans and null as such, origins as a
 * comma-separated list, the name as text. Anything else goes as text, and the API says what is wrong with it.
 */
export function settingValue(key: string, value: string): unknown {
  if (key === 'name') return value;
  if (key === 'allowedOrigins') return value.split(',').map((o) => o.trim()).filter((o) => o !== '');
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The command line (after `--`) as one API request, or why it is not one. Pure. */
export function parseArgs(argv: readonly string[]): Parsed {
  let url = DEFAULT_URL;
  let id: string | undefined;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--url' || arg === '--id') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) return fail(`${arg} needs a value`);
      if (arg === '--url') url = value;
      else id = value;
    } else if (arg.startsWith('--')) {
      return fail(`unknown option ${arg}`);
    } else {
      words.push(arg);
    }
  }
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return fail('--url must be an http(s) URL');
    url = parsed.origin;
  } catch {
    return fail('--url must be an http(s) URL');
  }
  const [command, ...rest] = words;
  if (id !== undefined && command !== 'create') return fail('--id goes with create only');
  const one = (): string | null => (rest.length === 1 ? rest[0]! : null);
  switch (command) {
    case 'list':
      return rest.length === 0 ? { ok: true, url, request: { method: 'GET', path: '/api/projects' } } : fail('list takes no arguments');
    case 'create': {
      const name = one();
      if (name === null) return fail('create takes one NAME (quote it if it has spaces)');
      return { ok: true, url, request: { method: 'POST', path: '/api/projects', body: id === undefined ? { name } : { name, id } } };
    }
    case 'show':
    case 'rotate-key': {
      const project = one();
      if (project === null) return fail(`${command} takes one project ID`);
      const request: ApiRequest = command === 'show' ? { method: 'GET', path: projectPath(project) } : { method: 'POST', path: `${projectPath(project)}/rotate-key` };
      return { ok: true, url, request };
    }
    case 'set': {
      const [project, ...pairs] = rest;
      if (project === undefined || pairs.length === 0) return fail('set takes a project ID and at least one key=value');
      const body: Record<string, unknown> = {};
      for (const pair of pairs) {
        const at = pair.indexOf('=');
        if (at <= 0) return fail(`${pair} is not key=value`);
        body[pair.slice(0, at)] = settingValue(pair.slice(0, at), pair.slice(at + 1));
      }
      return { ok: true, url, request: { method: 'PATCH', path: projectPath(project), body } };
    }
    case undefined:
      return fail('no command given');
    default:
      return fail(`unknown command ${command}`);
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    console.error(`${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  const secret = process.env.ADMIN_SECRET;
  if (!secret) {
    console.error('Set ADMIN_SECRET to the deployment\'s admin secret (npm start and npm run deploy print it).');
    return 2;
  }
  const { url, request } = parsed;
  const headers: Record<string, string> = { authorization: `Bearer ${secret}`, accept: 'application/json' };
  if (request.body) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${url}${request.path}`, { method: request.method, headers, body: request.body && JSON.stringify(request.body) });
  } catch (error) {
    console.error(`Could not reach ${url}: ${(error as Error).message}. Is the deployment running, and is --url right?`);
    return 1;
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: show it as it came.
  }
  if (!res.ok) {
    const message = (body as { error?: { message?: string } })?.error?.message ?? text;
    console.error(`${res.status}: ${message}`);
    return 1;
  }
  if (request.path === '/api/projects' && request.method === 'GET') {
    for (const p of (body as { projects: { id: string; name: string; publicKey: string }[] }).projects) console.log(`${p.id}\t${p.publicKey}\t${p.name}`);
  } else {
    console.log(JSON.stringify(body, null, 2));
  }
  return 0;
}

if (isMain(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
