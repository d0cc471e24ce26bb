import { env, exports } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { ASSET_TAG, assetRef, type IngestBatch, type RecordedEvent } from '../../wire/index.ts';
import { ADMIN, ORIGIN, batch, createProject, endSession, get, meta, readSegment, send, sessionId } from './helpers.ts';

async function sha256(bytes: Uint8Array | string): Promise<string> {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return [...new Uint8Array(await crypto.subtle.digest('SHA-256', data))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

// Unique per test run: the bucket outlives a single test, and "stored once" must mean this run.
const run = crypto.randomUUID();
const css = `/* ${run} */\n${'.button { color: #123456; border-radius: 4px; }\n'.repeat(40)}`;
const logo = new TextEncoder().encode(`<svg xmlns="http://www.w3.org/2000/svg"><!-- ${run} -->${'<circle r="1"/>'.repeat(100)}</svg>`);
const font = crypto.getRandomValues(new Uint8Array(3_000));

/** A page as the SDK records it: its stylesheet inlined by rrweb, an inline image, and a captured font. */
function page(t: number): RecordedEvent[] {
  const node = {
    type: 0,
    id: 1,
    childNodes: [
      {
        type: 2,
        tagName: 'html',
        id: 2,
        attributes: {},
        childNodes: [
          { type: 2, tagName: 'link', id: 3, attributes: { _cssText: css }, childNodes: [] },
          { type: 2, tagName: 'img', id: 4, attributes: { src: `data:image/svg+xml;base64,${base64(logo)}` }, childNodes: [] },
        ],
      },
    ],
  };
  return [
    meta(t, 'https://shop.test/'),
    { type: 2, timestamp: t + 1, data: { node, initialOffset: { top: 0, left: 0 } } },
    { type: 5, timestamp: t + 2, data: { tag: ASSET_TAG, payload: { url: 'https://shop.test/font.woff2', data: `data:font/woff2;base64,${base64(font)}` } } },
  ];
}

const withTab = (b: IngestBatch): IngestBatch => ({ ...b, tab: 't1' });

async function assetKeys(): Promise<string[]> {
  const listed = await env.BUCKET.list({ prefix: 'assets/' });
  return listed.objects.map((o) => o.key);
}

async function recordSession(key: string, projectId: string, t: number): Promise<string> {
  const sid = sessionId(t);
  const res = await send(key, withTab(batch(sid, 0, page(t), true)));
  expect(res.status).toBe(200);
  await endSession(projectId, sid);
  return sid;
}

describe('assets: split out of batches, stored once in R2 by content hash', () => {
  it('stores the same stylesheet, image and font from two projects once, and segments keep references', async () => {
    const hashes = { css: await sha256(css), logo: await sha256(logo), font: await sha256(font) };
    const before = await assetKeys();
    const a = await createProject();
    const b = await createProject();
    const t = Date.now();
    const sa = await recordSession(a.key, a.id, t);
    const sb = await recordSession(b.key, b.id, t + 10);

    const added = (await assetKeys()).filter((k) => !before.includes(k)).sort();
    expect(added).toEqual(Object.values(hashes).map((h) => `assets/${h}`).sort());

    for (const [project, sid] of [[a.id, sa], [b.id, sb]] as const) {
      const text = JSON.stringify(await readSegment(project, sid, 0));
      expect(text).not.toContain('.button');
      expect(text).not.toContain('base64');
      for (const hash of Object.values(hashes)) expect(text).toContain(assetRef(hash));
      expect(text).toContain('https://shop.test/font.woff2');
    }
  });

  it('meters R2 work: a new asset costs a head and a put, a known one nothing (the isolate remembers it)', async () => {
    const fresh = crypto.getRandomValues(new Uint8Array(5_000));
    const event = (t: number): RecordedEvent => ({ type: 5, timestamp: t, data: { tag: ASSET_TAG, payload: { url: 'https://shop.test/new.woff2', data: `data:font/woff2;base64,${base64(fresh)}` } } });
    const log = vi.spyOn(console, 'log');
    try {
      const project = await createProject();
      const t = Date.now();
      for (const seq of [0, 1]) expect((await send(project.key, withTab(batch(sessionId(t), seq, [meta(t, 'https://shop.test/'), event(t + 1)])))).status).toBe(200);
      const metered = log.mock.calls.map(([line]) => JSON.parse(String(line))).filter((l) => l.event === 'asset.stored');
      expect(metered).toEqual([
        // d1RowsWritten: the asset's last-seen row and its index entry (workers/retention/README.md).
        { event: 'asset.stored', r2Puts: 1, r2Heads: 1, bytes: fresh.byteLength, d1RowsWritten: 2, assets: 1, keptInline: 0 },
        // The second batch's asset is known: no R2 or D1 call, so no line either.
      ]);
    } finally {
      log.mockRestore();
    }
    expect(await (await env.BUCKET.get(`assets/${await sha256(fresh)}`))!.arrayBuffer()).toEqual(fresh.buffer);
  });

  it('sends the asset back with its type and immutable, script-free headers', async () => {
    const project = await createProject();
    await recordSession(project.key, project.id, Date.now());
    const res = await get(`/api/assets/${await sha256(logo)}`);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(logo);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);
    expect(res.headers.get('content-security-policy')).not.toMatch(/script-src/);

    const cssRes = await get(`/api/assets/${await sha256(css)}`);
    expect(cssRes.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await cssRes.text()).toBe(css);

    const revalidated = await exports.default.fetch(
      new Request(`${ORIGIN}/api/assets/${await sha256(logo)}`, { headers: { ...ADMIN, 'if-none-match': res.headers.get('etag')! } }),
    );
    expect(revalidated.status).toBe(304);
  });

  it('answers hostile and unknown asset names with JSON errors', async () => {
    const hash = await sha256(logo);
    for (const name of [hash.toUpperCase(), hash.slice(1), `${hash}0`, 'g'.repeat(64), `..%2F..%2Fsessions%2F${hash}`, `%2e%2e%2f${hash.slice(9)}`]) {
      const res = await get(`/api/assets/${name}`);
      expect(res.status, name).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'bad_request' } });
    }
    const unknown = await get(`/api/assets/${await sha256(`never stored ${run}`)}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('acknowledges a resent batch without storing anything twice, and keeps references a client sent', async () => {
    const project = await createProject();
    const sid = sessionId();
    const t = Date.now();
    const first = withTab(batch(sid, 0, page(t)));
    expect((await send(project.key, first)).status).toBe(200);
    const keys = await assetKeys();
    const again = await send(project.key, first);
    expect(await again.json()).toMatchObject({ ok: true, duplicate: true });
    expect(await assetKeys()).toEqual(keys);

    // A reference names content by its hash: it reveals nothing the sender did not already have.
    const ref = assetRef(await sha256(css));
    const referenced = withTab(batch(sid, 1, [{ type: 3, timestamp: t + 5, data: { source: 0, adds: [], removes: [], texts: [], attributes: [{ id: 3, attributes: { _cssText: ref } }] } }], true));
    expect((await send(project.key, referenced)).status).toBe(200);
    await endSession(project.id, sid);
    expect(JSON.stringify(await readSegment(project.id, sid, 0))).toContain(ref);
    expect(await assetKeys()).toEqual(keys);
  });
});

