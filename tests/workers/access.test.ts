/**
 * Access control (issue 6): walks every route the Worker registers, so a route added later is
 * covered without anyone remembering to add it here, plus the live WebSocket. The rule the API
 * follows (workers/api/guards.ts): 401 without credentials that hold; 403 when a principal may
 * not act on the project or session named in the request, decided before anything is looked up;
 * 404 from find-session, the one route that names no project, for a session you may not read.
 */
import { env, exports } from 'cloudflare:workers';
import { sign } from 'hono/jwt';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MeResponse, ShareExchangeResponse, ShareLinkResponse } from '../../wire/auth.ts';
import { LOGIN_COOKIE, SHARE_COOKIE } from '../../workers/auth/identify.ts';
import { signLogin, signShare } from '../../workers/auth/tokens.ts';
import { PUBLIC_AUTH_ROUTES } from '../../workers/api/auth.ts';
import { app } from '../../workers/index.ts';
import { ADMIN, ORIGIN, batch, createProject, endSession, fullSnapshot, get, meta, send, sessionId } from './helpers.ts';

/** Routes that answer without credentials: sign-in itself, ingest and the SDK's config (project key and origins guard those), health. */
const PUBLIC = ['GET /healthz', 'POST /v1/ingest', 'GET /v1/config', ...PUBLIC_AUTH_ROUTES];

/** What a principal without rights to project A gets where the answer is not 403, and why. */
const NOT_FORBIDDEN: Record<string, number> = {
  // Lists only the projects the principal may see (checked below).
  'GET /api/projects': 200,
  // About the principal itself.
  'GET /api/auth/me': 200,
  // Names no project: a session you may not read is answered as one that does not exist.
  'GET /api/find-session/:session': 404,
  // Content-addressed and shared by every project: any principal may fetch one by its digest.
  'GET /api/assets/:hash': 200,
};

/** Every METHOD /path the app routes, middleware left out. */
const routes = [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];
const guarded = routes.filter((route) => !PUBLIC.includes(route));

let a: { id: string; key: string };
let b: { id: string; key: string };
/** Ended sessions of project A; the share links below are for `s1`. */
let s1 = '';
let s2 = '';
let assetHash = '';

async function endedSession(project: { id: string; key: string }): Promise<string> {
  const sid = sessionId();
  const t = Date.now();
  // Long enough text that the ingest Worker moves it to R2 as an asset.
  const css = `body { background: #fff } ${'.x { color: red } '.repeat(200)}`;
  const snapshot = fullSnapshot(t + 1);
  (snapshot.data as { node: { childNodes: unknown[] } }).node.childNodes.push({ type: 2, tagName: 'link', attributes: { _cssText: css }, childNodes: [], id: 3 });
  expect((await send(project.key, batch(sid, 0, [meta(t, 'https://shop.test/'), snapshot], true))).status).toBe(200);
  await endSession(project.id, sid);
  return sid;
}

/** A request for `route` about session `sid` of project A; `headers` carry the credentials. */
function requestFor(route: string, headers: Record<string, string>, sid = s1): Request {
  const [method, pattern] = route.split(' ') as [string, string];
  const path = pattern
    .replace(':project', a.id)
    .replace(':session', sid)
    .replace(':index', '0')
    .replace(':hash', assetHash)
    .replace(':id', crypto.randomUUID())
    .replace(':email', 'someone%40example.com');
  // Routes that take the project from the query.
  const query = path === '/api/sessions' ? `?project=${a.id}` : path === '/api/stats' ? `?project=${a.id}&from=2026-11-01&to=2026-11-02` : '';
  const live: Record<string, string> = pattern.endsWith('/live') ? { upgrade: 'websocket' } : {};
  const body = method === 'POST' ? { body: '{}', headers: { ...headers, ...live, 'content-type': 'application/json' } } : { headers: { ...headers, ...live } };
  return new Request(`${ORIGIN}${path}${query}`, { method, ...body });
}

const fetchRoute = (route: string, headers: Record<string, string>, sid?: string) => exports.default.fetch(requestFor(route, headers, sid));
const cookie = (name: string, value: string) => ({ cookie: `${name}=${value}` });

async function expectStatus(res: Response, status: number, route: string) {
  const body = res.status === 101 ? null : await res.text();
  expect({ route, status: res.status }).toEqual({ route, status });
  if (status >= 400) expect(JSON.parse(body!), route).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  return body;
}

beforeAll(async () => {
  a = await createProject();
  b = await createProject();
  [s1, s2] = await Promise.all([endedSession(a), endedSession(a)]);
  const listed = await env.BUCKET.list({ prefix: 'assets/' });
  assetHash = listed.objects[0]!.key.slice('assets/'.length);
  // Bob owns project B and is nobody in project A.
  const added = await exports.default.fetch(
    new Request(`${ORIGIN}/api/projects/${b.id}/members`, { method: 'POST', body: JSON.stringify({ email: 'Bob@Example.com', role: 'owner' }), headers: { ...ADMIN, 'content-type': 'application/json' } }),
  );
  expect(added.status).toBe(201);
});

afterEach(() => vi.restoreAllMocks());

describe('every dashboard API route and the live WebSocket', () => {
  it('covers the routes the app registers, and only sign-in, ingest, config and health are public', () => {
    expect(guarded.length).toBeGreaterThanOrEqual(14);
    expect(guarded).toContain('GET /api/sessions/:project/:session/live');
    expect(routes.filter((r) => !r.startsWith('GET /api/') && !r.startsWith('POST /api/') && !r.startsWith('DELETE /api/') && !r.startsWith('PATCH /api/')).sort()).toEqual(
      ['GET /healthz', 'GET /v1/config', 'POST /v1/ingest'],
    );
  });

  it.each(guarded)('%s: 401 without credentials', async (route) => {
    const res = await fetchRoute(route, {});
    await expectStatus(res, 401, route);
  });

  it.each(guarded)('%s: 401 with a tampered login, an expired share link or a tampered one', async (route) => {
    const login = await signLogin(env.ADMIN_SECRET, 'admin', Date.now());
    const [head, payload, sig] = login.split('.') as [string, string, string];
    const forged = `${head}.${btoa(JSON.stringify({ k: 'login', sub: 'admin', exp: 9_999_999_999 })).replaceAll('=', '')}.${sig}`;
    expect(payload).not.toBe(forged.split('.')[1]);
    await expectStatus(await fetchRoute(route, cookie(LOGIN_COOKIE, forged)), 401, route);

    const expired = await signShare(env.ADMIN_SECRET, a.id, s1, Date.now() - 1_000);
    await expectStatus(await fetchRoute(route, cookie(SHARE_COOKIE, expired)), 401, route);
    const otherKey = await signShare('not-this-deployments-secret', a.id, s1, Date.now() + 60_000);
    await expectStatus(await fetchRoute(route, cookie(SHARE_COOKIE, otherKey)), 401, route);
    const good = await signShare(env.ADMIN_SECRET, a.id, s1, Date.now() + 60_000);
    await expectStatus(await fetchRoute(route, cookie(SHARE_COOKIE, `${good.slice(0, -2)}${good.endsWith('AA') ? 'BB' : 'AA'}`)), 401, route);
  });

  it.each(guarded)("%s: 403 with another project's owner (or the documented exception)", async (route) => {
    const bob = cookie(LOGIN_COOKIE, await signLogin(env.ADMIN_SECRET, 'bob@example.com', Date.now()));
    const body = await expectStatus(await fetchRoute(route, bob), NOT_FORBIDDEN[route] ?? 403, route);
    if (route === 'GET /api/projects') expect(JSON.parse(body!).projects.map((p: { id: string }) => p.id)).toEqual([b.id]);
  });

  it.each(guarded)('%s: 403 with a share link for another session (or the documented exception)', async (route) => {
    const share = cookie(SHARE_COOKIE, await signShare(env.ADMIN_SECRET, a.id, s1, Date.now() + 60_000));
    const body = await expectStatus(await fetchRoute(route, share, s2), NOT_FORBIDDEN[route] ?? 403, route);
    if (route === 'GET /api/projects') expect(JSON.parse(body!)).toEqual({ projects: [] });
  });

  it.each(guarded)('%s: the admin gets past the gate', async (route) => {
    const res = await fetchRoute(route, ADMIN);
    expect([401, 403], route).not.toContain(res.status);
    if (res.webSocket) res.webSocket.accept(), res.webSocket.close();
    else await res.body?.cancel();
  });
});

describe('share links', () => {
  it('open their one session: its detail, segments and comments, nothing else of the project', async () => {
    const share = cookie(SHARE_COOKIE, await signShare(env.ADMIN_SECRET, a.id, s1, Date.now() + 60_000));
    for (const path of [`/api/sessions/${a.id}/${s1}`, `/api/sessions/${a.id}/${s1}/segments/0`, `/api/sessions/${a.id}/${s1}/comments`, `/api/find-session/${s1}`]) {
      const res = await get(path, share);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      await res.body?.cancel();
    }
    expect((await get(`/api/sessions?project=${a.id}`, share)).status).toBe(403);
    const comment = { tab: 'main', t: Date.now(), x: 0.5, y: 0.5, body: 'hi', author: 'Eve' };
    const posted = await exports.default.fetch(
      new Request(`${ORIGIN}/api/sessions/${a.id}/${s1}/comments`, { method: 'POST', body: JSON.stringify(comment), headers: { ...share, 'content-type': 'application/json' } }),
    );
    expect(posted.status).toBe(403);
  });

  it('are made by owners, for 1 to 30 days, and exchanged for a cookie scoped to the API', async () => {
    const make = (headers: Record<string, string>, body: unknown, sid = s1) =>
      exports.default.fetch(new Request(`${ORIGIN}/api/sessions/${a.id}/${sid}/share`, { method: 'POST', body: body === undefined ? null : JSON.stringify(body), headers: { ...headers, 'content-type': 'application/json' } }));
    const before = Date.now();
    const made = await make(ADMIN, undefined);
    expect(made.status).toBe(201);
    const link = (await made.json()) as ShareLinkResponse;
    expect(link.path).toMatch(/^\/#\/share\/[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(link.expiresAt - before).toBeGreaterThanOrEqual(7 * 86_400_000);
    expect(link.expiresAt - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);

    for (const days of [0, 31, 1.5, '7']) expect((await make(ADMIN, { days })).status).toBe(400);
    expect((await make(ADMIN, { days: 30 })).status).toBe(201);
    expect((await make(ADMIN, {}, sessionId())).status).toBe(404);
    // A viewer reads the project but may not take a session outside it.
    await addMember(a.id, 'viewer@example.com', 'viewer');
    const viewer = cookie(LOGIN_COOKIE, await signLogin(env.ADMIN_SECRET, 'viewer@example.com', Date.now()));
    expect((await get(`/api/sessions/${a.id}/${s1}`, viewer)).status).toBe(200);
    expect((await make(viewer, {})).status).toBe(403);
    // Viewers comment, under the email they signed in with whatever name they send.
    const comment = { tab: 'main', t: Date.now(), x: 0.5, y: 0.5, body: 'Looks broken', author: 'Someone Else' };
    const posted = await exports.default.fetch(
      new Request(`${ORIGIN}/api/sessions/${a.id}/${s1}/comments`, { method: 'POST', body: JSON.stringify(comment), headers: { ...viewer, 'content-type': 'application/json' } }),
    );
    expect(posted.status).toBe(201);
    const mine = (await posted.json()) as { id: string; author: string; body: string };
    expect(mine).toMatchObject({ author: 'viewer@example.com', body: 'Looks broken' });
    // ...and delete their own, not the admin's; owners delete any.
    const adminComment = await exports.default.fetch(
      new Request(`${ORIGIN}/api/sessions/${a.id}/${s1}/comments`, { method: 'POST', body: JSON.stringify({ ...comment, author: 'Admin' }), headers: { ...ADMIN, 'content-type': 'application/json' } }),
    );
    const theirs = (await adminComment.json()) as { id: string };
    const remove = (id: string, headers: Record<string, string>) =>
      exports.default.fetch(new Request(`${ORIGIN}/api/sessions/${a.id}/${s1}/comments/${id}`, { method: 'DELETE', headers }));
    expect((await remove(theirs.id, viewer)).status).toBe(404);
    expect((await remove(mine.id, viewer)).status).toBe(204);
    expect((await remove(theirs.id, ADMIN)).status).toBe(204);

    const token = link.path.slice('/#/share/'.length);
    const exchanged = await authPost('share', { token });
    expect(exchanged.status).toBe(200);
    expect(await exchanged.json()).toEqual({ projectId: a.id, sessionId: s1, expiresAt: expect.any(Number) } satisfies ShareExchangeResponse);
    const setCookie = exchanged.headers.get('set-cookie')!;
    expect(setCookie).toMatch(new RegExp(`^${SHARE_COOKIE}=${token.replaceAll('.', '\\.')};`));
    expect(setCookie).toMatch(/Path=\/api;/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/SameSite=Strict/);

    const expired = await signShare(env.ADMIN_SECRET, a.id, s1, Date.now() - 1_000);
    for (const bad of [expired, `${token}x`, 'nonsense', 42]) {
      const res = await authPost('share', { token: bad });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });
});

describe('sign-in', () => {
  it('trades the admin secret for an HttpOnly, Strict login cookie; logout clears it', async () => {
    expect((await get('/api/auth/me', {})).status).toBe(401);
    const wrong = await authPost('login', { secret: 'not-the-secret' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect((await authPost('login', 'nope', 'text/plain')).status).toBe(400);

    const res = await authPost('login', { secret: env.ADMIN_SECRET });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^er_login=[\w-]+\.[\w-]+\.[\w-]+; Max-Age=604800; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    const login = cookie(LOGIN_COOKIE, /^er_login=([^;]+)/.exec(setCookie)![1]!);
    expect(await (await get('/api/auth/me', login)).json()).toEqual({ kind: 'admin' } satisfies MeResponse);
    expect((await get(`/api/sessions?project=${a.id}`, login)).status).toBe(200);

    const out = await authPost('logout', undefined);
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join('\n')).toMatch(/er_login=; Max-Age=0; Path=\//);
  });

  it('leaves Secure off only for plain http on this machine', async () => {
    const local = await app.request('http://127.0.0.1:8787/api/auth/login', { method: 'POST', body: JSON.stringify({ secret: env.ADMIN_SECRET }), headers: { 'content-type': 'application/json' } }, env);
    expect(local.headers.get('set-cookie')).not.toMatch(/Secure/);
    const remote = await app.request('http://replay.example.com/api/auth/login', { method: 'POST', body: JSON.stringify({ secret: env.ADMIN_SECRET }), headers: { 'content-type': 'application/json' } }, env);
    expect(remote.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('refuses cross-site writes and cross-site WebSocket upgrades, even with valid credentials', async () => {
    const crossSite = { ...ADMIN, origin: 'https://evil.example' };
    expect((await authPost('login', { secret: env.ADMIN_SECRET }, 'application/json', { origin: 'https://evil.example' })).status).toBe(403);
    const ws = await fetchRoute('GET /api/sessions/:project/:session/live', crossSite);
    expect(ws.status).toBe(403);
    expect(await ws.json()).toMatchObject({ error: { code: 'forbidden' } });
    const sameSite = await fetchRoute('GET /api/sessions/:project/:session/live', { ...ADMIN, origin: ORIGIN });
    expect(sameSite.status).not.toBe(403);
    await sameSite.body?.cancel();
    // Reads stay readable from anywhere the credentials go (SameSite keeps cookies home).
    expect((await get(`/api/sessions?project=${a.id}`, crossSite)).status).toBe(200);
  });

  it('answers 500 with what to do when ADMIN_SECRET is missing or guessable, rather than trusting it', async () => {
    const forged = await signLogin('guess', 'admin', Date.now());
    for (const ADMIN_SECRET of [undefined, 'guess']) {
      const res = await app.request(`${ORIGIN}/api/projects`, { headers: cookie(LOGIN_COOKIE, forged) }, { ...env, ADMIN_SECRET });
      expect(res.status).toBe(500);
      expect(await res.json()).toMatchObject({ error: { message: expect.stringContaining('wrangler secret put ADMIN_SECRET') } });
    }
  });
});

describe('members', () => {
  it('owners list, add and remove them; viewers may not; roles take effect at once', async () => {
    const p = await createProject();
    await addMember(p.id, 'owner@example.com', 'owner');
    const owner = cookie(LOGIN_COOKIE, await signLogin(env.ADMIN_SECRET, 'owner@example.com', Date.now()));
    const carol = cookie(LOGIN_COOKIE, await signLogin(env.ADMIN_SECRET, 'carol@example.com', Date.now()));
    expect((await get(`/api/sessions?project=${p.id}`, carol)).status).toBe(403);

    expect((await memberPost(p.id, owner, { email: ' Carol@Example.com ', role: 'viewer' })).status).toBe(201);
    expect((await get(`/api/sessions?project=${p.id}`, carol)).status).toBe(200);
    expect(await (await get('/api/auth/me', carol)).json()).toEqual({ kind: 'member', email: 'carol@example.com', roles: { [p.id]: 'viewer' } });
    expect((await get(`/api/projects/${p.id}/members`, carol)).status).toBe(403);
    expect((await memberPost(p.id, carol, { email: 'dave@example.com', role: 'owner' })).status).toBe(403);

    const listed = await (await get(`/api/projects/${p.id}/members`, owner)).json();
    expect(listed).toEqual({ members: [expect.objectContaining({ email: 'owner@example.com', role: 'owner' }), expect.objectContaining({ email: 'carol@example.com', role: 'viewer' })] });

    for (const bad of [{ email: 'no-at-sign', role: 'viewer' }, { email: 'x@example.com', role: 'admin' }, { email: 42, role: 'owner' }, null]) {
      const res = await memberPost(p.id, owner, bad);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'bad_request' } });
    }
    expect((await memberPost('no-such-project', ADMIN, { email: 'x@example.com', role: 'viewer' })).status).toBe(404);

    const removed = await exports.default.fetch(new Request(`${ORIGIN}/api/projects/${p.id}/members/carol%40example.com`, { method: 'DELETE', headers: owner }));
    expect(removed.status).toBe(204);
    expect((await get(`/api/sessions?project=${p.id}`, carol)).status).toBe(403);
    const again = await exports.default.fetch(new Request(`${ORIGIN}/api/projects/${p.id}/members/carol%40example.com`, { method: 'DELETE', headers: owner }));
    expect(again.status).toBe(404);
  });

  it('signs Cloudflare Access users in by the email in a valid assertion, mapped to their roles', async () => {
    const p = await createProject();
    await addMember(p.id, 'ada@example.com', 'viewer');
    const pair = (await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const jwk = async (key: CryptoKey) => ({ ...((await crypto.subtle.exportKey('jwk', key)) as JsonWebKey), kid: 'k1', alg: 'RS256' });
    const [priv, pub] = await Promise.all([jwk(pair.privateKey), jwk(pair.publicKey)]);
    const team = 'team-for-tests.cloudflareaccess.com';
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) =>
      String(input instanceof Request ? input.url : input) === `https://${team}/cdn-cgi/access/certs` ? Response.json({ keys: [pub] }) : realFetch(input, init),
    );
    const accessEnv = { ...env, ACCESS_TEAM_DOMAIN: team, ACCESS_AUD: 'aud-1' };
    const claims = { iss: `https://${team}`, aud: ['aud-1'], email: 'Ada@Example.com', exp: Math.floor(Date.now() / 1000) + 60 };
    const assertion = await sign(claims, priv as never, 'RS256');
    const asAda = (path: string, token = assertion) => app.request(`${ORIGIN}${path}`, { headers: { 'cf-access-jwt-assertion': token } }, accessEnv);

    expect(await (await asAda('/api/auth/me')).json()).toEqual({ kind: 'member', email: 'ada@example.com', roles: { [p.id]: 'viewer' } });
    expect((await asAda(`/api/sessions?project=${p.id}`)).status).toBe(200);
    expect((await asAda(`/api/sessions?project=${a.id}`)).status).toBe(403);
    const wrongAudience = await sign({ ...claims, aud: ['another-app'] }, priv as never, 'RS256');
    expect((await asAda(`/api/sessions?project=${p.id}`, wrongAudience)).status).toBe(401);
  });
});

function authPost(what: 'login' | 'logout' | 'share', body: unknown, type = 'application/json', headers: Record<string, string> = {}) {
  const init = body === undefined ? { method: 'POST' } : { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { ...headers, 'content-type': type } };
  return exports.default.fetch(new Request(`${ORIGIN}/api/auth/${what}`, init));
}

function memberPost(projectId: string, headers: Record<string, string>, body: unknown) {
  return exports.default.fetch(
    new Request(`${ORIGIN}/api/projects/${projectId}/members`, { method: 'POST', body: JSON.stringify(body), headers: { ...headers, 'content-type': 'application/json' } }),
  );
}

async function addMember(projectId: string, email: string, role: 'owner' | 'viewer') {
  expect((await memberPost(projectId, ADMIN, { email, role })).status).toBe(201);
}
