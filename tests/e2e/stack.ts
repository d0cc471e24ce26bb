/**
 * Runs `npm start`'s script on a free port with its own state directory, and Debian's Chromium.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { REPO } from '../../scripts/paths.ts';
import { launchChromium } from '../browser.ts';

export interface LocalStack {
  origin: string;
  projectKey: string;
  /** The admin secret `npm start` made (and printed) for this state directory. */
  adminSecret: string;
  /** Headers that sign a Node-side API request in as the admin. */
  auth: Record<string, string>;
  output: () => string;
  /** Ctrl-C: SIGINT to the whole process group, as a terminal sends it. Resolves to the exit code. */
  stop: () => Promise<number | null>;
}

export const makeStateDir = () => mkdtemp(join(tmpdir(), 'edge-replay-e2e-'));
export const removeStateDir = (dir: string) => rm(dir, { recursive: true, force: true });

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startStack(stateDir: string, vars: Record<string, string>): Promise<LocalStack> {
  const port = await freePort();
  // Its own process group, so stopping it also stops wrangler and workerd.
  const child: ChildProcess = spawn(process.execPath, [join(REPO, 'scripts/start.ts')], {
    cwd: REPO,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...vars, PORT: String(port), EDGE_REPLAY_STATE: stateDir },
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));

  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) {
        process.kill(-child.pid!, 'SIGKILL');
        throw new Error(`npm start did not stop on Ctrl-C:\n${output.slice(-2000)}`);
      }
    }
    return child.exitCode;
  };

  const deadline = Date.now() + 150_000;
  while (!output.includes('edge-replay is running locally')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`npm start did not come up:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const projectKey = /public key (pk_[0-9a-f]+)/.exec(output)?.[1];
  if (!projectKey) throw new Error(`no project key in start output:\n${output}`);
  const adminSecret = /admin secret (\S+)/.exec(output)?.[1];
  if (!adminSecret) throw new Error(`no admin secret in start output:\n${output}`);
  const auth = { authorization: `Bearer ${adminSecret}` };
  return { origin: `http://127.0.0.1:${port}`, projectKey, adminSecret, auth, output: () => output, stop };
}

/** Signs a browser context in as the admin, the way the sign-in page does: its cookie jar gets the login. */
export async function signIn(context: BrowserContext, stack: LocalStack): Promise<void> {
  const res = await context.request.post(`${stack.origin}/api/auth/login`, { data: { secret: stack.adminSecret } });
  if (!res.ok()) throw new Error(`sign-in failed: ${res.status()} ${await res.text()}`);
}

/**
 * The browser, with every context it opens (newPage opens one too) signed in to `stack()` first.
 * Tests that check the sign-in page itself use `unsignedBrowser`.
 */
function signingIn(browser: Browser, stack: () => LocalStack): Browser {
  const newContext: Browser['newContext'] = async (options) => {
    const context = await browser.newContext(options);
    await signIn(context, stack());
    return context;
  };
  const newPage: Browser['newPage'] = async (options) => {
    const context = await newContext(options);
    const page = await context.newPage();
    // Closing the browser closes the page too, and then the context is already gone.
    page.once('close', () => void context.close().catch(() => {}));
    return page;
  };
  return new Proxy(browser, {
    get: (target, name, receiver) => (name === 'newContext' ? newContext : name === 'newPage' ? newPage : Reflect.get(target, name, receiver)),
  });
}

export interface StackFixture {
  stateDir: string;
  /** The running stack; `restart` replaces it. */
  stack: LocalStack;
  /** Chromium, every context signed in as the admin. */
  browser: Browser;
  /** The same Chromium without sign-in. */
  unsignedBrowser: Browser;
  /** A second `npm start` on the same state directory, after `stack.stop()`. */
  restart: () => Promise<LocalStack>;
}

/**
 * A test file's stack and browser: started before its tests, stopped after them. Fields are
 * filled in by beforeAll, so read them inside tests, not at the file's top level.
 */
export function useLocalStack(vars: Record<string, string>): StackFixture {
  const fixture = {
    stateDir: '',
    restart: async () => (fixture.stack = await startStack(fixture.stateDir, vars)),
  } as StackFixture;
  beforeAll(async () => {
    fixture.stateDir = await makeStateDir();
    fixture.stack = await startStack(fixture.stateDir, vars);
    fixture.unsignedBrowser = await launchChromium();
    fixture.browser = signingIn(fixture.unsignedBrowser, () => fixture.stack);
  });
  afterAll(async () => {
    await fixture.unsignedBrowser?.close();
    await fixture.stack?.stop().catch(() => {});
    if (fixture.stateDir) await removeStateDir(fixture.stateDir);
  });
  return fixture;
}
