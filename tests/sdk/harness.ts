/**
 * A loopback server for SDK browser tests. Test pages are served from one origin (localhost) and
 * the recorder, /v1/ingest and /v1/config from another (127.0.0.1), as on a customer's site.
 * Every ingest body is gunzipped and kept; tests choose the answer to each request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildSdk } from '../../sdk/build.ts';
import { renderSnippet } from '../../sdk/snippet.ts';
import type { IngestBatch, RemoteConfig } from '../../wire/index.ts';

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
  /** Decides each ingest answer; default 200 with duplicate detection by (session, seq). */
  answer: (batch: IngestBatch, attempt: number) => Answer;
  /** Served at /v1/config; null answers 404. */
  config: RemoteConfig | null;
  /** Serves `html` at `path` on the page origin. */
  setPage(path: string, html: string): void;
  /** A page that loads the recorder with the snippet, then `body`. */
  pageWithSdk(body: string, init?: Record<string, unknown>): string;
  /** Resolves when `predicate` holds for the received batches. */
  waitFor(predicate: (received: ReceivedBatch[]) => boolean, timeoutMs?: number): Promise<ReceivedBatch[]>;
  /** Accepted batches of one session, by seq, each once. */
  acceptedEvents(sessionId?: string): IngestBatch['events'];
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const sdkDir = await mkdtemp(join(tmpdir(), 'edge-replay-sdk-'));
  await buildSdk(sdkDir);
  const pages = new Map<string, string>();
  const attempts = new Map<string, number>();
  const stored = new Map<string, IngestBatch>();

  const harness: Harness = {
    pageOrigin: '',
    endpoint: '',
    received: [],
    config: null,
    answer: (batch) => {
      const key = `${batch.sessionId}:${batch.seq}`;
      const duplicate = stored.has(key);
      stored.set(key, batch);
      return { status: 200, body: { ok: true, duplicate } };
    },
    setPage: (path, html) => pages.set(path, html),
    pageWithSdk: (body, init = {}) => {
      const snippet = renderSnippet({ endpoint: harness.endpoint, projectKey: PROJECT_KEY });
      const withOptions = Object.keys(init).length
        ? snippet.replace(/init\((\{.*?\})\)/, (_m, json: string) => `init(${JSON.stringify({ ...JSON.parse(json), ...init })})`)
        : snippet;
      return `<!doctype html><html><head><meta charset="utf-8">${withOptions}</head><body>${body}</body></html>`;
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
    acceptedEvents: (sessionId) => {
      const accepted = new Map<number, IngestBatch>();
      for (const r of harness.received) {
        if (r.status === 200 && (!sessionId || r.batch.sessionId === sessionId)) accepted.set(r.batch.seq, r.batch);
      }
      return [...accepted.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, b]) => b.events);
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await rm(sdkDir, { recursive: true, force: true });
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
      const key = `${batch.sessionId}:${batch.seq}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      const answer = harness.answer(batch, attempt);
      harness.received.push({ batch, wireBytes: raw.length, json, status: answer.status, receivedAt: Date.now(), headers: req.headers });
      res.writeHead(answer.status, { 'content-type': 'application/json', ...cors, ...answer.headers });
      res.end(JSON.stringify(answer.body ?? { error: { code: 'test', message: `status ${answer.status}` } }));
      return;
    }
    if (url.pathname === '/v1/config') {
      if (!harness.config) res.writeHead(404, { 'content-type': 'application/json', ...cors }).end('{"error":{"code":"not_found","message":"none"}}');
      else res.writeHead(200, { 'content-type': 'application/json', ...cors }).end(JSON.stringify(harness.config));
      return;
    }
    if (url.pathname.startsWith('/sdk/')) {
      const file = normalize(join(sdkDir, url.pathname.slice('/sdk/'.length)));
      if (!file.startsWith(sdkDir)) return void res.writeHead(400).end();
      try {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(await readFile(file));
      } catch {
        res.writeHead(404).end();
      }
      return;
    }
    const page = pages.get(url.pathname);
    if (page !== undefined) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
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
