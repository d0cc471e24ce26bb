import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CustomTag, type NetworkPayload } from '../../../wire/index.ts';
import type { ResolvedNetwork } from '../options.ts';
import { recordingContext } from '../testing.ts';
import { installFetch } from './fetch.ts';
import { finishNetwork } from './finish.ts';
import { requestFacts } from './request.ts';

beforeAll(() => {
  vi.stubGlobal('document', { baseURI: 'https://page.test/app/' });
});
afterAll(() => {
  vi.unstubAllGlobals();
});

const plain: ResolvedNetwork = { allowUrls: [], headers: false, bodies: false, maxBodyBytes: 10 };
const detailed: ResolvedNetwork = { allowUrls: ['/api/'], headers: true, bodies: true, maxBodyBytes: 10 };

function setup(options: ResolvedNetwork, answer: (input: unknown, init?: RequestInit) => Promise<Response>) {
  const seen: Array<{ self: unknown; args: unknown[] }> = [];
  const scope = {
    fetch: function (this: unknown, ...args: unknown[]) {
      seen.push({ self: this, args });
      return answer(args[0], args[1] as RequestInit);
    } as typeof fetch,
  };
  const original = scope.fetch;
  const ctx = recordingContext();
  const uninstall = installFetch(scope, options, ctx);
  // As uploaded: the client finishes what the recorder saw.
  const payloads = () =>
    ctx.emitted
      .filter((e) => e.tag === CustomTag.Network)
      .flatMap((e) => finishNetwork(e.payload as NetworkPayload, requestFacts.get(e.payload as NetworkPayload), options) ?? []);
  return { scope, original, seen, ctx, uninstall, payloads };
}

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('installFetch', () => {
  it('passes this and arguments through, returns the same response, and records the request', async () => {
    const response = new Response('{"ok":true}', { status: 201, headers: { 'content-length': '11', 'content-type': 'application/json' } });
    const t = setup(plain, async () => response);
    const init = { method: 'post', body: 'abcdef' };
    const got = await t.scope.fetch.call(t.scope, 'data?x=1', init);
    expect(got).toBe(response);
    expect(t.seen).toEqual([{ self: t.scope, args: ['data?x=1', init] }]);
    await settle();
    const [p] = t.payloads();
    expect(p).toMatchObject({ initiator: 'fetch', method: 'POST', url: 'https://page.test/app/data?x=1', status: 201, startTime: 1000, requestBytes: 6, responseBytes: 11 });
    expect(p!.durationMs).toBeGreaterThanOrEqual(0);
    expect(p!.requestHeaders).toBeUndefined();
    expect(p!.responseBody).toBeUndefined();
    expect(await got.json()).toEqual({ ok: true });
  });

  it('rejects with the same error and records status 0 with the error text', async () => {
    const failure = new TypeError('Failed to fetch');
    const t = setup(plain, () => Promise.reject(failure));
    await expect(t.scope.fetch('https://api.test/x')).rejects.toBe(failure);
    expect(t.payloads()).toMatchObject([{ url: 'https://api.test/x', status: 0, error: 'TypeError: Failed to fetch' }]);
  });

  it('reads Request inputs and never records the SDK endpoints', async () => {
    const t = setup(plain, async () => new Response('x'));
    await t.scope.fetch(new Request('https://a.test/r', { method: 'PUT', body: 'zz' }));
    await t.scope.fetch('https://replay.test/v1/ingest?k=pk', { method: 'POST' });
    await t.scope.fetch('https://replay.test/v1/config?k=pk');
    await settle();
    expect(t.payloads().map((p) => [p.method, p.url])).toEqual([['PUT', 'https://a.test/r']]);
  });

  it('adds filtered headers and capped bodies for allowed URLs only, without consuming the response', async () => {
    const t = setup(detailed, async () =>
      new Response('response-body-long', { headers: { 'content-type': 'text/plain', 'set-cookie': 's=1', 'x-trace': 't' } }),
    );
    const headers = { Authorization: 'Bearer secret', Cookie: 'a=b', 'X-Request-Id': 'r1', 'content-type': 'text/plain' };
    const allowed = await t.scope.fetch('https://a.test/api/users', { method: 'POST', headers, body: 'request-body-long' });
    expect(await allowed.text()).toBe('response-body-long');
    await t.scope.fetch('https://a.test/other', { method: 'POST', headers, body: 'request-body-long' });
    await settle();
    // The allowed request is sent once its body is read, so it may come second.
    const api = t.payloads().find((p) => p.url.includes('/api/'));
    const other = t.payloads().find((p) => p.url.includes('/other'));
    expect(api!.requestHeaders).toEqual({ 'x-request-id': 'r1', 'content-type': 'text/plain' });
    expect(api!.responseHeaders).toMatchObject({ 'x-trace': 't' });
    expect(JSON.stringify(api)).not.toMatch(/secret|a=b|s=1/);
    expect(api!.requestBody).toBe('request-bo…');
    expect(api!.responseBody).toBe('response-b…');
    expect(other!.url).toBe('https://a.test/other');
    for (const key of ['requestHeaders', 'responseHeaders', 'requestBody', 'responseBody']) expect(other).not.toHaveProperty(key);
  });

  it('does not read binary response bodies', async () => {
    const response = new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'image/png' } });
    const clone = vi.spyOn(response, 'clone');
    const t = setup(detailed, async () => response);
    await t.scope.fetch('https://a.test/api/img');
    await settle();
    expect(clone).not.toHaveBeenCalled();
    expect(t.payloads()[0]!.responseBody).toBeUndefined();
  });

  it('restores the original on uninstall, unless someone wrapped it since', () => {
    const t = setup(plain, async () => new Response(''));
    t.uninstall();
    expect(t.scope.fetch).toBe(t.original);
    const t2 = setup(plain, async () => new Response(''));
    const theirs = t2.scope.fetch;
    const wrapped = ((...a: Parameters<typeof fetch>) => theirs(...a)) as typeof fetch;
    t2.scope.fetch = wrapped;
    t2.uninstall();
    expect(t2.scope.fetch).toBe(wrapped);
  });

  it('passes through untouched once the module is off', async () => {
    const t = setup(plain, async () => new Response('x'));
    t.ctx.guard.off = true;
    await t.scope.fetch('https://a.test/x');
    await settle();
    expect(t.payloads()).toEqual([]);
    expect(t.seen).toHaveLength(1);
  });
});
