import { describe, expect, it } from 'vitest';
import { MAX_BATCH_BYTES, MAX_WIRE_BYTES, type IngestBatch, type RecordedEvent } from '../../wire/index.ts';
import { gzip } from '../../workers/compression.ts';
import { MAX_JSON_DEPTH, MAX_JSON_MEMBERS } from '../../workers/ingest/json-shape.ts';
import { env, exports } from 'cloudflare:workers';
import { batch, createProject, endSession, fullSnapshot, meta, post, send, sessionId } from './helpers.ts';

const MB = 1024 * 1024;

/** A batch of tab "a"; the spread keeps it right whatever helpers.batch adds. */
const tabBatch = (session: string, seq: number, events: RecordedEvent[], final = false): IngestBatch => ({ ...batch(session, seq, events, final), tab: 'a' });
const firstBatch = (session = sessionId()) => tabBatch(session, 0, [meta(Date.now(), 'https://a.test/'), fullSnapshot(Date.now())]);

/** After any refusal the same project still takes a normal batch: the server keeps serving. */
async function expectStillServing(key: string) {
  const res = await send(key, firstBatch());
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ ok: true, duplicate: false });
}

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/json');
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
}

const gz = (value: unknown) => gzip(typeof value === 'string' ? value : JSON.stringify(value));

describe('POST /v1/ingest rejects bad input with a JSON error and keeps serving', () => {
  it('rejects each kind of bad request, then still accepts a good one', async () => {
    const project = await createProject();
    const good = firstBatch();

    await expectError(await post(project.key, 'not gzip at all'), 400, 'invalid_gzip');
    await expectError(await post(project.key, await gz('{"v":1,')), 400, 'invalid_json');
    await expectError(await post(project.key, await gzip(String.fromCharCode(0xd800))), 400, 'invalid_json');
    // Inside a string of an otherwise valid batch: only the UTF-8 check can refuse it.
    const utf8Bytes = new TextEncoder().encode(JSON.stringify({ ...good, events: [meta(Date.now(), 'https://a.test/XX')] }));
    utf8Bytes.set([0xff, 0xfe], utf8Bytes.indexOf(0x58));
    const badUtf8 = new Blob([utf8Bytes]).stream().pipeThrough(new CompressionStream('gzip'));
    await expectError(await post(project.key, await new Response(badUtf8).arrayBuffer()), 400, 'invalid_json');
    await expectError(await post(project.key, await gz({ v: 1, seq: 0 })), 400, 'invalid_batch');
    for (const hostile of ['../../etc/passwd', good.sessionId.toUpperCase(), crypto.randomUUID(), `${good.sessionId}\u0000`, 'a'.repeat(100_000), 42, null, { $gt: '' }]) {
      await expectError(await post(project.key, await gz({ ...good, sessionId: hostile })), 400, 'invalid_batch');
    }
    for (const hostile of ['../x', 'A', 'a'.repeat(17), '', 7]) {
      await expectError(await post(project.key, await gz({ ...good, tab: hostile })), 400, 'invalid_batch');
    }
    await expectError(await post(project.key, await gz({ ...good, sentAt: 1e300 })), 400, 'invalid_batch');
    await expectError(await post(project.key, await gz({ ...good, events: [{ type: 4, timestamp: 1, data: {} }] })), 400, 'invalid_batch');
    await expectError(await post(project.key, await gz({ ...good, seq: -1 })), 400, 'invalid_batch');
    await expectError(await post(project.key, await gz({ ...good, events: [{ type: 2 }] })), 400, 'invalid_batch');
    await expectError(await post(project.key, await gz([1, 2, 3])), 400, 'invalid_batch');
    await expectError(await post(null, await gz(good)), 401, 'unknown_project');
    await expectError(await post('pk_nobody', await gz(good)), 403, 'unknown_project');

    const res = await send(project.key, good);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, duplicate: false });
  });

  it('refuses deeply nested and very wide JSON before parsing it', { timeout: 20_000 }, async () => {
    const project = await createProject();
    const deep = JSON.stringify(firstBatch()).replace('"data":{', `"data":{"x":${'['.repeat(100_000)}${']'.repeat(100_000)},`);
    await expectError(await post(project.key, await gz(deep)), 400, 'invalid_json');
    const justDeepEnough = JSON.stringify(firstBatch()).replace('"data":{', `"data":{"x":${'['.repeat(MAX_JSON_DEPTH - 4)}${']'.repeat(MAX_JSON_DEPTH - 4)},`);
    expect((await post(project.key, await gz(justDeepEnough))).status).toBe(200);

    const wideObject = firstBatch();
    wideObject.events[0]!.data = Object.fromEntries(Array.from({ length: MAX_JSON_MEMBERS + 1 }, (_, i) => [`k${i}`, 0]));
    await expectError(await post(project.key, await gz(wideObject)), 400, 'invalid_json');
    const wideArray = firstBatch();
    wideArray.events[0]!.data = new Array(MAX_JSON_MEMBERS + 1).fill(0);
    await expectError(await post(project.key, await gz(wideArray)), 400, 'invalid_json');
    await expectStillServing(project.key);
  });

  it('rejects a body over the wire cap', async () => {
    const project = await createProject();
    const random = new Uint8Array(MAX_WIRE_BYTES + 1024);
    for (let i = 0; i < random.length; i += 65_536) crypto.getRandomValues(random.subarray(i, i + 65_536));
    await expectError(await post(project.key, random), 413, 'payload_too_large');
    await expectStillServing(project.key);
  });

  it('refuses a 50 MB event before reading it whole', { timeout: 30_000 }, async () => {
    const project = await createProject();
    // Sent as a stream without Content-Length, so only counting what is read can stop it.
    let sent = 0;
    const chunk = new Uint8Array(MB);
    crypto.getRandomValues(chunk.subarray(0, 65_536));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 50 * MB) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk.slice());
      },
    });
    await expectError(await post(project.key, body), 413, 'payload_too_large');
    expect(sent).toBeLessThan(MAX_WIRE_BYTES + 8 * MB);

    // The same event compressed fits the wire; the decompressed cap stops inflating it instead.
    const huge = tabBatch(sessionId(), 0, [{ type: 2, timestamp: Date.now(), data: { text: 'x'.repeat(50 * MB) } }]);
    const compressed = await gz(huge);
    expect(compressed.byteLength).toBeLessThan(MAX_WIRE_BYTES);
    await expectError(await post(project.key, compressed), 413, 'payload_too_large');
    await expectStillServing(project.key);
  });

  it('stops decompressing a gzip bomb at the decompressed cap', async () => {
    const project = await createProject();
    // ~33 MB of zeros compresses to a few tens of KB: small on the wire, huge once inflated.
    const zeros = new Blob([new Uint8Array(MAX_BATCH_BYTES * 2)]).stream().pipeThrough(new CompressionStream('gzip'));
    const bomb = await new Response(zeros).arrayBuffer();
    expect(bomb.byteLength).toBeLessThan(MAX_WIRE_BYTES);
    await expectError(await post(project.key, bomb), 413, 'payload_too_large');
    await expectStillServing(project.key);
  });

  it('answers CORS preflights so snippets on other origins can send', async () => {
    const res = await exports.default.fetch(
      new Request('https://edge-replay.test/v1/ingest?k=x', {
        method: 'OPTIONS',
        headers: { origin: 'https://customer.example', 'access-control-request-method': 'POST' },
      }),
    );
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('lets cross-origin pages read error answers, so the SDK can tell stop from retry', async () => {
    const res = await post('pk_nobody', 'x', { origin: 'https://customer.example' });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('retry-after');
  });
});

describe('per-project allowed origins', () => {
  it('accepts listed origins and their wildcard subdomains, and refuses others with origin_not_allowed', async () => {
    const project = await createProject();
    await env.DB.prepare('UPDATE projects SET allowed_origins = ? WHERE id = ?')
      .bind(JSON.stringify(['https://shop.example.com', 'https://*.example.org']), project.id)
      .run();
    const body = () => gzip(JSON.stringify(tabBatch(sessionId(), 0, [meta(Date.now(), 'https://shop.example.com/')])));
    expect((await post(project.key, await body(), { origin: 'https://shop.example.com' })).status).toBe(200);
    expect((await post(project.key, await body(), { origin: 'https://eu.example.org' })).status).toBe(200);
    await expectError(await post(project.key, await body(), { origin: 'https://attacker.test' }), 403, 'origin_not_allowed');
    await expectError(await post(project.key, await body()), 403, 'origin_not_allowed');
    const config = await exports.default.fetch(new Request(`https://edge-replay.test/v1/config?k=${project.key}`, { headers: { origin: 'https://attacker.test' } }));
    await expectError(config, 403, 'origin_not_allowed');
    expect((await post(project.key, await body(), { origin: 'https://shop.example.com' })).status).toBe(200);
  });
});

describe('clock skew', () => {
  it('anchors a wrong client clock to arrival time and clamps far-future events', async () => {
    const project = await createProject();
    const sid = sessionId();
    const now = Date.now();
    const yearAhead = now + 365 * 86_400_000;
    // A client a year ahead, with one event another ten years out.
    const b = { ...tabBatch(sid, 0, [meta(yearAhead - 1_000, 'https://a.test/'), fullSnapshot(yearAhead - 999), meta(yearAhead + 10 * 365 * 86_400_000, 'https://a.test/x')], true), sentAt: yearAhead };
    expect((await send(project.key, b)).status).toBe(200);
    await endSession(project.id, sid);
    const row = await env.DB.prepare('SELECT started_at, ended_at FROM sessions WHERE id = ?').bind(sid).first<{ started_at: number; ended_at: number }>();
    expect(Math.abs(row!.started_at - (now - 1_000))).toBeLessThan(5_000);
    expect(row!.ended_at).toBeLessThanOrEqual(Date.now() + 5_000);
  });
});
