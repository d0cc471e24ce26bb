import { describe, expect, it } from 'vitest';
import { MAX_BATCH_BYTES, MAX_WIRE_BYTES } from '../../wire/index.ts';
import { gzip } from '../../workers/compression.ts';
import { env, exports } from 'cloudflare:workers';
import { batch, createProject, endSession, fullSnapshot, meta, post, send, sessionId } from './helpers.ts';

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
    const sid = sessionId();
    const good = batch(sid, 0, [meta(Date.now(), 'https://a.test/'), fullSnapshot(Date.now())]);

    await expectError(await post(project.key, 'not gzip at all'), 400, 'invalid_gzip');
    await expectError(await post(project.key, await gz('{"v":1,')), 400, 'invalid_json');
    await expectError(await post(project.key, await gzip(String.fromCharCode(0xd800))), 400, 'invalid_json');
    const badUtf8 = new Blob([new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])]).stream().pipeThrough(new CompressionStream('gzip'));
    await expectError(await post(project.key, await new Response(badUtf8).arrayBuffer()), 400, 'invalid_json');
    await expectError(await post(project.key, await gz({ v: 1, seq: 0 })), 400, 'invalid_batch');
    await expectError(await post(project.key, await gz({ ...good, sessionId: '../../etc/passwd' })), 400, 'invalid_batch');
    await expectError(await post(project.key, await gz({ ...good, seq: -1 })), 400, 'invalid_batch');
    await expectError(await post(project.key, await gz({ ...good, events: [{ type: 2 }] })), 400, 'invalid_batch');
    await expectError(await post(project.key, await gz([1, 2, 3])), 400, 'invalid_batch');
    await expectError(await post(null, await gz(good)), 401, 'unknown_project');
    await expectError(await post('pk_nobody', await gz(good)), 403, 'unknown_project');

    const res = await send(project.key, good);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, duplicate: false });
  });

  it('rejects a body over the wire cap', async () => {
    const project = await createProject();
    const random = new Uint8Array(MAX_WIRE_BYTES + 1024);
    for (let i = 0; i < random.length; i += 65_536) crypto.getRandomValues(random.subarray(i, i + 65_536));
    await expectError(await post(project.key, random), 413, 'payload_too_large');
  });

  it('stops decompressing a gzip bomb at the decompressed cap', async () => {
    const project = await createProject();
    // ~33 MB of zeros compresses to a few tens of KB: small on the wire, huge once inflated.
    const zeros = new Blob([new Uint8Array(MAX_BATCH_BYTES * 2)]).stream().pipeThrough(new CompressionStream('gzip'));
    const bomb = await new Response(zeros).arrayBuffer();
    expect(bomb.byteLength).toBeLessThan(MAX_WIRE_BYTES);
    await expectError(await post(project.key, bomb), 413, 'payload_too_large');
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
    const body = () => gzip(JSON.stringify(batch(sessionId(), 0, [meta(Date.now(), 'https://shop.example.com/')])));
    expect((await post(project.key, await body(), { origin: 'https://shop.example.com' })).status).toBe(200);
    expect((await post(project.key, await body(), { origin: 'https://eu.example.org' })).status).toBe(200);
    await expectError(await post(project.key, await body(), { origin: 'https://attacker.test' }), 403, 'origin_not_allowed');
    await expectError(await post(project.key, await body()), 403, 'origin_not_allowed');
    const config = await exports.default.fetch(new Request(`https://edge-replay.test/v1/config?k=${project.key}`, { headers: { origin: 'https://attacker.test' } }));
    await expectError(config, 403, 'origin_not_allowed');
  });
});

describe('clock skew', () => {
  it('anchors a wrong client clock to arrival time and clamps far-future events', async () => {
    const project = await createProject();
    const sid = sessionId();
    const now = Date.now();
    const yearAhead = now + 365 * 86_400_000;
    // A client a year ahead, with one event another ten years out.
    const b = { ...batch(sid, 0, [meta(yearAhead - 1_000, 'https://a.test/'), fullSnapshot(yearAhead - 999), meta(yearAhead + 10 * 365 * 86_400_000, 'https://a.test/x')], true), sentAt: yearAhead };
    expect((await send(project.key, b)).status).toBe(200);
    await endSession(project.id, sid);
    const row = await env.DB.prepare('SELECT started_at, ended_at FROM sessions WHERE id = ?').bind(sid).first<{ started_at: number; ended_at: number }>();
    expect(Math.abs(row!.started_at - (now - 1_000))).toBeLessThan(5_000);
    expect(row!.ended_at).toBeLessThanOrEqual(Date.now() + 5_000);
  });
});
