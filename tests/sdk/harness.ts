/**
 * A loopback server for SDK browser tests. Test pages are served from one origin (localhost) and
 * the recorder, /v1/ingest and /v1/config from another (127.0.0.1), as on a customer's site.
 * Every ingest body is gunzipped and kept; tests choose the answer to each request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { buildSdk } from '../../sdk/build.ts';
import { renderSnippet } from '../../sdk/snippet.ts';
import type { IngestBatch, RemoteConfig } from '../../wire/index.ts';
import { flushRecording } from '../browser.ts';

export const PROJECT_KEY = 'pk_test';

export interface ReceivedBatch {
  batch: IngestBatch;
  /** Raw request body bytes as sent (gzip). */
  wireBytes: number;
  /** Decompressed JSON text, for "never contains" checks. */
  json: string;
  status: number;
  receivedAt: number;
  headers: IncomingMessage['headers'];
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface Harness {
  /** Origin of test pages. */
  pageOrigin: string;
  /** Origin of the "deployment": recorder, ingest and config. */
  endpoint: string;
  /** Every ingest request received, in arrival order (including ones answered with errors). */
  received: ReceivedBatch[];
  /** Decides each ingest answer; default `defaultAnswer`. */
  answer: (batch: IngestBatch, attempt: number) => Answer;
  /** 200 with duplicate detection by (session, tab, seq), like the real ingest route; `live` says what `live` holds. */
  defaultAnswer: (batch: IngestBatch, attempt: number) => Answer;
  /** Served at /v1/config; null answers 404. */
  config: RemoteConfig | null;
  /** The /v1/config answer waits this long, ms. */
  configDelayMs: number;
  /** URLs of the /v1/config requests received. */
  configRequests: string[];
  /** Paths of the recorder requests received. */
  recorderRequests: string[];
  /** Holds recorder.js responses until the returned function is called. */
  holdRecorder(): () => void;
  /** Paths of the requests for the client script recorder.js loads after init(). */
  chunkRequests: string[];
  /** Holds client script responses until the returned function is called. */
  holdChunks(): () => void;
  /** While true, client script requests are answered 503. */
  failChunks: boolean;
  /** Serves `html` at `path` on the page origin, with extra response headers (e.g. a CSP), `delayMs` late. */
  setPage(path: string, html: string, headers?: Record<string, string>, delayMs?: number): void;
  /** Paths of the requests for pages set with setPage, in arrival order. */
  pageRequests: string[];
  /** A page with the loader snippet (init options merged in), then `body`. */
  pageWithSdk(body: string, init?: Record<string, unknown>): string;
  /** Resolves when `predicate` holds for the received batches. */
  waitFor(predicate: (received: ReceivedBatch[]) => boolean, timeoutMs?: number): Promise<ReceivedBatch[]>;
  /** Answers of defaultAnswer say someone watches live while this is true. */
  live: boolean;
  /** Accepted batches of one session (and tab), by seq, each once. */
  acceptedEvents(sessionId?: string, tab?: string): IngestBatch['events'];
  close(): Promise<void>;
}

/** Flushes `page`'s recording until `done()` holds; after `timeoutMs` throws, saying what `uploaded()` describes. */
export async function flushUntil(page: Page, done: () => boolean, uploaded: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await flushRecording(page);
    if (done()) return;
    if (Date.now() > deadline) throw new Error(`timed out; uploaded: ${uploaded()}`);
    await page.waitForTimeout(50);
  }
}

let built: Promise<Map<string, Buffer>> | null = null;

/** The recorder and the scripts it loads, by file name; built once per test process. */
function sdkScripts(): Promise<Map<string, Buffer>> {
  built ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edge-replay-sdk-'));
    try {
      const { file, chunks } = await buildSdk(dir);
      const scripts = new Map<string, Buffer>();
      for (const f of [file, ...chunks.map((c) => c.file)]) scripts.set(basename(f), await readFile(f));
      return scripts;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return built;
}

export async function startHarness(): Promise<Harness> {
  const scripts = await sdkScripts();
  const pages = new Map<string, { html: string; headers: Record<string, string>; delayMs: number }>();
  const attempts = new Map<string, number>();
  const stored = new Map<string, IngestBatch>();
  let recorderGate: Promise<void> | null = null;
  let chunkGate: Promise<void> | null = null;

  const defaultAnswer = (batch: IngestBatch): Answer => {
    const key = `${batch.sessionId}:${batch.tab}:${batch.seq}`;
    const duplicate = stored.has(key);
    if (!duplicate) stored.set(key, batch);
    return { status: 200, body: { ok: true, duplicate, live: harness.live } };
  };

  const harness: Harness = {
    pageOrigin: '',
    endpoint: '',
    received: [],
    config: null,
    configDelayMs: 0,
    configRequests: [],
    recorderRequests: [],
    answer: defaultAnswer,
    defaultAnswer,
    live: false,
    chunkRequests: [],
    failChunks: false,
    holdChunks: () => {
      let release!: () => void;
      chunkGate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        chunkGate = null;
        release();
      };
    },
    holdRecorder: () => {
      let release!: () => void;
      recorderGate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        recorderGate = null;
        release();
      };
    },
    setPage: (path, html, headers = {}, delayMs = 0) => pages.set(path, { html, headers, delayMs }),
    pageRequests: [],
    pageWithSdk: (body, init = {}) => {
      const snippet = renderSnippet({ ...init, endpoint: harness.endpoint, projectKey: PROJECT_KEY });
      return `<!doctype html><html><head><meta charset="utf-8">${snippet}</head><body>${body}</body></html>`;
    },
    waitFor: async (predicate, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(harness.received)) {
        if (Date.now() > deadline) {
          const seen = harness.received.map((r) => `${r.batch.seq}${r.batch.final ? 'F' : ''}:${r.status}`).join(' ');
          throw new Error(`timed out waiting for batches; received: ${seen || 'none'}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      return harness.received;
    },
    acceptedEvents: (sessionId, tab) => {
      // Tab by tab in order of first arrival, each tab's batches by seq.
      const byTab = new Map<string, Map<number, IngestBatch>>();
      for (const r of harness.received) {
        const mine = (!sessionId || r.batch.sessionId === sessionId) && (!tab || r.batch.tab === tab);
        if (r.status !== 200 || !mine) continue;
        const key = `${r.batch.sessionId}:${r.batch.tab}`;
        if (!byTab.has(key)) byTab.set(key, new Map());
        const accepted = byTab.get(key)!;
        if (!accepted.has(r.batch.seq)) accepted.set(r.batch.seq, r.batch);
      }
      return [...byTab.values()].flatMap((accepted) =>
        [...accepted.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, b]) => b.events),
      );
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };

  const cors = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'Retry-After' };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': '*' }).end();
      return;
    }
    if (url.pathname === '/v1/ingest' && req.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks);
      const json = gunzipSync(raw).toString('utf8');
      const batch = JSON.parse(json) as IngestBatch;
      const key = `${batch.sessionId}:${batch.tab}:${batch.seq}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      const answer = harness.answer(batch, attempt);
      harness.received.push({ batch, wireBytes: raw.length, json, status: answer.status, receivedAt: Date.now(), headers: req.headers });
      res.writeHead(answer.status, { 'content-type': 'application/json', ...cors, ...answer.headers });
      res.end(JSON.stringify(answer.body ?? { error: { code: 'test', message: `status ${answer.status}` } }));
      return;
    }
    if (url.pathname === '/v1/config') {
      harness.configRequests.push(req.url ?? '');
      if (harness.configDelayMs > 0) await new Promise((r) => setTimeout(r, harness.configDelayMs));
      if (!harness.config) res.writeHead(404, { 'content-type': 'application/json', ...cors }).end('{"error":{"code":"not_found","message":"none"}}');
      else res.writeHead(200, { 'content-type': 'application/json', ...cors }).end(JSON.stringify(harness.config));
      return;
    }
    // The recorder and its client script at /sdk/, /sdk/v1/ and /sdk/<version>/.
    const script = /^\/sdk\/(?:[\w.-]+\/)?([\w.-]+\.js)$/.exec(url.pathname);
    if (script && scripts.has(script[1])) {
      if (script[1] === 'recorder.js') {
        harness.recorderRequests.push(url.pathname);
        if (recorderGate) await recorderGate;
      } else {
        harness.chunkRequests.push(url.pathname);
        if (chunkGate) await chunkGate;
      }
      if (script[1] !== 'recorder.js' && harness.failChunks) return void res.writeHead(503).end();
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(scripts.get(script[1]));
      return;
    }
    const page = pages.get(url.pathname);
    if (page !== undefined) {
      harness.pageRequests.push(url.pathname);
      if (page.delayMs > 0) await new Promise((r) => setTimeout(r, page.delayMs));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...page.headers }).end(page.html);
      return;
    }
    res.writeHead(404).end();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      res.writeHead(500).end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  harness.pageOrigin = `http://localhost:${port}`;
  harness.endpoint = `http://127.0.0.1:${port}`;
  return harness;
}
