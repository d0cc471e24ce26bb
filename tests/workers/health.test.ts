import { createMessageBatch, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HealthCounts, HealthResponse } from '../../wire/health.ts';
import worker, { app, type SessionRecorder } from '../../workers/index.ts';
import { ADMIN, ORIGIN, batch, createProject, endSession, meta, recorder, sessionDetail, sessionId } from './helpers.ts';
import { gzip } from '../../workers/compression.ts';

// The app and handlers as imported here, so the isolate counts they keep are the ones read back.
const call = (path: string, init: RequestInit = {}, extra: Record<string, string> = {}) => app.request(`${ORIGIN}${path}`, init, { ...env, ...extra });
const ingest = (key: string, body: BodyInit) => call(`/v1/ingest?k=${key}`, { method: 'POST', body });

async function health(extra: Record<string, string> = {}): Promise<HealthResponse> {
  const res = await call('/api/health/stats', { headers: ADMIN }, extra);
  expect(res.status).toBe(200);
  return res.json();
}

const rejected = (counts: HealthCounts, code: string) => counts.batchesRejected[code] ?? 0;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('health: what the Worker reports about itself', () => {
  it('counts ingest requests accepted and refused by code, one data point each (accepted ones sampled)', async () => {
    const project = await createProject();
    const before = (await health()).counts;
    const points = vi.spyOn(env.HEALTH, 'writeDataPoint');
    // This accepted batch is the one in ACCEPTED_POINT_EVERY that is written.
    vi.spyOn(Math, 'random').mockReturnValue(0);

    const good = batch(sessionId(), 0, [meta(Date.now(), 'https://shop.test/')]);
    expect((await ingest(project.key, await gzip(JSON.stringify(good)))).status).toBe(200);
    expect((await ingest(project.key, 'not gzip')).status).toBe(400);
    expect((await ingest(project.key, await gzip('{"v":1,'))).status).toBe(400);
    expect((await ingest('pk_nobody', await gzip(JSON.stringify(good)))).status).toBe(403);

    expect(points.mock.calls.map(([p]) => p!.blobs)).toEqual([
      ['ingest', 'accepted'],
      ['ingest', 'invalid_gzip'],
      ['ingest', 'invalid_json'],
      ['ingest', 'unknown_project'],
    ]);
    const after = await health();
    expect(after).toMatchObject({ source: 'isolate', notice: null });
    expect(after.counts.batchesAccepted - before.batchesAccepted).toBe(1);
    for (const code of ['invalid_gzip', 'invalid_json', 'unknown_project']) expect(rejected(after.counts, code) - rejected(before, code)).toBe(1);
  });

  it('measures queue lag from the messages’ timestamps, one data point per batch', async () => {
    const before = (await health()).counts;
    const points = vi.spyOn(env.HEALTH, 'writeDataPoint');
    const now = Date.now();
    const started = (id: string) => ({ type: 'session.started', projectId: 'p-health', sessionId: id, startedAt: now, browser: null, os: null, country: null });
    const messages = [
      { id: 'm1', timestamp: new Date(now - 5_000), attempts: 1, body: started(sessionId()) },
      { id: 'm2', timestamp: new Date(now - 1_000), attempts: 1, body: started(sessionId()) },
    ];
    await worker.queue(createMessageBatch<unknown>('edge-replay-session-events', messages), env);

    expect(points.mock.calls.filter(([p]) => p!.blobs![0] === 'queue')).toHaveLength(1);
    const after = (await health()).counts;
    expect(after.queueMessages - before.queueMessages).toBe(2);
    expect(after.queueLagMaxMs).toBeGreaterThanOrEqual(5_000);
  });

  it('counts a finalisation that fails, and the retried alarm still writes the session', async () => {
    const project = await createProject();
    const sid = sessionId();
    expect((await ingest(project.key, await gzip(JSON.stringify(batch(sid, 0, [meta(Date.now(), 'https://shop.test/')], true))))).status).toBe(200);
    const before = (await health()).counts;
    // D1 refuses the session row: the alarm's finalisation throws.
    await env.DB.prepare('ALTER TABLE session_urls RENAME TO session_urls_away').run();
    try {
      await expect(endSession(project.id, sid)).rejects.toThrow();
    } finally {
      await env.DB.prepare('ALTER TABLE session_urls_away RENAME TO session_urls').run();
    }
    // At least the attempt we ran; the runtime may have fired the alarm on its own as well.
    const failed = (await health()).counts.finalizeFailures - before.finalizeFailures;
    expect(failed).toBeGreaterThanOrEqual(1);
    // The retry (the runtime's own waits out a backoff): the same alarm handler, now with D1 whole.
    await runInDurableObject(recorder(project.id, sid), (instance: SessionRecorder) => instance.alarm());
    expect((await sessionDetail(project.id, sid)).session.status).toBe('ended');
    expect((await health()).counts.finalizeFailures - before.finalizeFailures).toBe(failed);
  });

  it('answers from Analytics Engine when configured, and says so when it fails', async () => {
    const realFetch = globalThis.fetch;
    const sent: string[] = [];
    let answer = () =>
      Response.json({
        data: [
          { kind: 'ingest', outcome: 'accepted', count: '1200', do_errors: 0, finalize_failures: 0, lag_sum: 0, lag_max: 0 },
          { kind: 'ingest', outcome: 'internal', count: 3, do_errors: 2, finalize_failures: 0, lag_sum: 0, lag_max: 0 },
          { kind: 'queue', outcome: '', count: 40, do_errors: 0, finalize_failures: 0, lag_sum: 8000, lag_max: 900 },
          { kind: 'finalize', outcome: '', count: 0, do_errors: 0, finalize_failures: 1, lag_sum: 0, lag_max: 0 },
        ],
      });
    // The only fake: the SQL API is on the internet.
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const request = new Request(input, init);
      if (!request.url.startsWith('https://api.cloudflare.com/')) return realFetch(input, init);
      sent.push(await request.text());
      return answer();
    });
    const configured = { CF_ACCOUNT_ID: 'acct123', CF_API_TOKEN: 'secret-token' };
    const res = await call('/api/health/stats?hours=6', { headers: ADMIN }, configured);
    expect(res.status).toBe(200);
    const body = await res.json<HealthResponse>();
    expect(body).toMatchObject({ source: 'analytics-engine', notice: null });
    expect(body.until - body.since).toBe(6 * 3_600_000);
    expect(body.counts).toEqual({
      batchesAccepted: 1200,
      batchesRejected: { internal: 3 },
      doErrors: 2,
      finalizeFailures: 1,
      queueMessages: 40,
      queueLagAvgMs: 200,
      queueLagMaxMs: 900,
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain("FROM edge_replay_health WHERE timestamp > NOW() - INTERVAL '6' HOUR");

    answer = () => new Response('token lacks permission', { status: 403 });
    const fallback = await health(configured);
    expect(fallback.source).toBe('isolate');
    expect(fallback.notice).toMatch(/HTTP 403.*this Worker instance's own counts/);
  });

  it('refuses bad input and anyone but the admin', async () => {
    for (const hours of ['0', '169', 'abc', '1.5']) {
      const res = await call(`/api/health/stats?hours=${hours}`, { headers: ADMIN });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'bad_request' } });
    }
    const anonymous = await call('/api/health/stats');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });
});
