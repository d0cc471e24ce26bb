/** Project settings, creation and key rotation through the dashboard API (issue 6). */
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { KEY_GRACE_MS, type ProjectSettings } from '../../wire/projects.ts';
import { LOGIN_COOKIE } from '../../workers/auth/identify.ts';
import { signLogin } from '../../workers/auth/tokens.ts';
import { findProjectByKey } from '../../workers/db/projects.ts';
import { ADMIN, ORIGIN, batch, createProject, fullSnapshot, get, meta, send, sessionId } from './helpers.ts';

function call(method: string, path: string, body: unknown, headers: Record<string, string> = ADMIN): Promise<Response> {
  const init = body === undefined ? { method, headers } : { method, body: JSON.stringify(body), headers: { ...headers, 'content-type': 'application/json' } };
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, init));
}

const patch = (id: string, body: unknown, headers?: Record<string, string>) => call('PATCH', `/api/projects/${id}`, body, headers);

async function member(projectId: string, email: string, role: 'owner' | 'viewer') {
  expect((await call('POST', `/api/projects/${projectId}/members`, { email, role })).status).toBe(201);
  return { cookie: `${LOGIN_COOKIE}=${await signLogin(env.ADMIN_SECRET, email, Date.now())}` };
}

async function expectError(res: Response, status: number, label: unknown) {
  expect({ label, status: res.status }).toEqual({ label, status });
  expect(await res.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
}

/** One session's first batch sent with `key`. */
const ingest = (key: string) => send(key, batch(sessionId(), 0, [meta(Date.now(), 'https://shop.test/'), fullSnapshot(Date.now())]));

describe('GET and PATCH /api/projects/:id', () => {
  it('changes every setting, and the SDK gets the new ones from /v1/config at once', async () => {
    const p = await createProject();
    expect(await (await get(`/v1/config?k=${p.key}`)).json()).toEqual({ sampleRate: 1, bufferMode: false });
    const change = { name: 'Shop', allowedOrigins: ['https://shop.test', 'https://*.Shop.test'], sampleRate: 0.3, bufferMode: true, retentionDays: 90, sessionQuotaPerDay: 1000 };
    const res = await patch(p.id, change);
    expect(res.status).toBe(200);
    const settings = (await res.json()) as ProjectSettings;
    expect(settings).toMatchObject({ ...change, allowedOrigins: ['https://shop.test', 'https://*.shop.test'], id: p.id, publicKey: p.key, previousPublicKey: null });
    expect(await (await get(`/api/projects/${p.id}`)).json()).toEqual(settings);
    expect(await (await get(`/v1/config?k=${p.key}`, { origin: 'https://app.shop.test' })).json()).toEqual({ sampleRate: 0.3, bufferMode: true });
    // The new allowed origins apply at once too.
    expect((await get(`/v1/config?k=${p.key}`, { origin: 'https://other.test' })).status).toBe(403);
    expect((await ingest(p.key)).status).toBe(403);
    expect((await patch(p.id, { sessionQuotaPerDay: null })).status).toBe(200);
    expect(((await (await get(`/api/projects/${p.id}`)).json()) as ProjectSettings).sessionQuotaPerDay).toBeNull();
  });

  it.each([
    ['not an object', 'nope'],
    ['a list', []],
    ['no settings', {}],
    ['an unknown field', { publicKey: 'pk_mine' }],
    ['an empty name', { name: '  ' }],
    ['a long name', { name: 'x'.repeat(101) }],
    ['origins not a list', { allowedOrigins: 'https://a.test' }],
    ['an origin with a path', { allowedOrigins: ['https://a.test/path'] }],
    ['an origin without a scheme', { allowedOrigins: ['a.test'] }],
    ['an origin not a string', { allowedOrigins: [42] }],
    ['sample rate above 1', { sampleRate: 1.5 }],
    ['sample rate below 0', { sampleRate: -0.1 }],
    ['sample rate as text', { sampleRate: '0.5' }],
    ['buffer mode as a number', { bufferMode: 1 }],
    ['retention of 0 days', { retentionDays: 0 }],
    ['retention over 3650 days', { retentionDays: 3651 }],
    ['retention not whole', { retentionDays: 1.5 }],
    ['a quota of 0', { sessionQuotaPerDay: 0 }],
    ['a fractional quota', { sessionQuotaPerDay: 2.5 }],
  ])('refuses %s with a 400 and changes nothing', async (label, body) => {
    const p = await createProject();
    const before = await (await get(`/api/projects/${p.id}`)).json();
    await expectError(await patch(p.id, body), 400, label);
    expect(await (await get(`/api/projects/${p.id}`)).json()).toEqual(before);
  });

  it('refuses a body that is not JSON, and answers 404 for a project that does not exist', async () => {
    const p = await createProject();
    await expectError(await exports.default.fetch(new Request(`${ORIGIN}/api/projects/${p.id}`, { method: 'PATCH', body: '{', headers: { ...ADMIN, 'content-type': 'application/json' } })), 400, 'bad json');
    await expectError(await patch('no-such-project', { sampleRate: 0.5 }), 404, 'patch missing');
    await expectError(await get('/api/projects/no-such-project'), 404, 'get missing');
    await expectError(await get('/api/projects/Not_An_Id'), 400, 'bad id');
  });

  it('lets viewers read the settings but not change them or the key; owners may', async () => {
    const p = await createProject();
    const viewer = await member(p.id, 'viewer@example.com', 'viewer');
    const owner = await member(p.id, 'owner@example.com', 'owner');
    expect((await get(`/api/projects/${p.id}`, viewer)).status).toBe(200);
    await expectError(await patch(p.id, { sampleRate: 0.5 }, viewer), 403, 'viewer patch');
    await expectError(await call('POST', `/api/projects/${p.id}/rotate-key`, undefined, viewer), 403, 'viewer rotate');
    await expectError(await call('POST', '/api/projects', { name: 'Mine' }, owner), 403, 'owner create');
    expect((await patch(p.id, { sampleRate: 0.5 }, owner)).status).toBe(200);
    expect(((await (await get(`/api/projects/${p.id}`, viewer)).json()) as ProjectSettings).sampleRate).toBe(0.5);
  });
});

describe('POST /api/projects', () => {
  it('creates a project with a fresh key that ingests at once, and refuses a taken id', async () => {
    const id = `new-${crypto.randomUUID().slice(0, 8)}`;
    const res = await call('POST', '/api/projects', { name: 'New shop', id });
    expect(res.status).toBe(201);
    const made = (await res.json()) as ProjectSettings;
    expect(made).toMatchObject({ id, name: 'New shop', sampleRate: 1, bufferMode: false, retentionDays: 30, sessionQuotaPerDay: null, allowedOrigins: [] });
    expect(made.publicKey).toMatch(/^pk_[0-9a-f]{24}$/);
    expect((await ingest(made.publicKey)).status).toBe(200);
    const again = await call('POST', '/api/projects', { name: 'Again', id });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('conflict');
  });

  it('makes the id from the name when none is sent', async () => {
    const name = `Blog ${crypto.randomUUID().slice(0, 6)}`;
    const res = await call('POST', '/api/projects', { name });
    expect(res.status).toBe(201);
    expect(((await res.json()) as ProjectSettings).id).toBe(name.toLowerCase().replace(' ', '-'));
  });

  it.each([
    ['no name', {}],
    ['a bad id', { name: 'X', id: 'Has Spaces' }],
    ['a name with no letters or digits', { name: '!!!' }],
    ['settings with the name', { name: 'X', sampleRate: 0.5 }],
    ['not an object', ['X']],
  ])('refuses %s with a 400', async (label, body) => {
    await expectError(await call('POST', '/api/projects', body), 400, label);
  });
});

describe('POST /api/projects/:id/rotate-key', () => {
  it('makes a new key and keeps the old one ingesting for the grace period', async () => {
    const p = await createProject();
    expect((await ingest(p.key)).status).toBe(200);
    const before = Date.now();
    const res = await call('POST', `/api/projects/${p.id}/rotate-key`, undefined);
    expect(res.status).toBe(200);
    const rotated = (await res.json()) as ProjectSettings;
    expect(rotated.publicKey).not.toBe(p.key);
    expect(rotated.previousPublicKey).toBe(p.key);
    expect(rotated.previousKeyExpiresAt! - before).toBeGreaterThanOrEqual(KEY_GRACE_MS);
    expect(rotated.previousKeyExpiresAt! - Date.now()).toBeLessThanOrEqual(KEY_GRACE_MS);
    for (const key of [p.key, rotated.publicKey]) {
      expect((await ingest(key)).status).toBe(200);
      expect(await (await get(`/v1/config?k=${key}`)).json()).toEqual({ sampleRate: 1, bufferMode: false });
    }
    // On the clock: the old key holds until its expiry and not a moment past it.
    const expiry = rotated.previousKeyExpiresAt!;
    expect((await findProjectByKey(env.DB, p.key, expiry - 1))?.id).toBe(p.id);
    expect(await findProjectByKey(env.DB, p.key, expiry)).toBeNull();
    expect((await findProjectByKey(env.DB, rotated.publicKey, expiry + 1))?.id).toBe(p.id);
  });

  it('after the grace period the old key gets the same 403 as an unknown key', async () => {
    const p = await createProject();
    const rotated = (await (await call('POST', `/api/projects/${p.id}/rotate-key`, undefined)).json()) as ProjectSettings;
    await env.DB.prepare('UPDATE projects SET previous_key_expires_at = ? WHERE id = ?').bind(Date.now() - 1, p.id).run();
    const unknown = await (await get('/v1/config?k=pk_0123456789abcdef01234567')).json();
    for (const res of [await get(`/v1/config?k=${p.key}`), await ingest(p.key)]) {
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual(unknown);
    }
    expect((await ingest(rotated.publicKey)).status).toBe(200);
    expect(((await (await get(`/api/projects/${p.id}`)).json()) as ProjectSettings).previousPublicKey).toBeNull();
  });

  it('rotating again retires the key that was in its grace period', async () => {
    const p = await createProject();
    const first = (await (await call('POST', `/api/projects/${p.id}/rotate-key`, undefined)).json()) as ProjectSettings;
    const second = (await (await call('POST', `/api/projects/${p.id}/rotate-key`, undefined)).json()) as ProjectSettings;
    expect(second.previousPublicKey).toBe(first.publicKey);
    expect((await ingest(p.key)).status).toBe(403);
    expect((await ingest(first.publicKey)).status).toBe(200);
    expect((await ingest(second.publicKey)).status).toBe(200);
  });

  it('answers 404 for a project that does not exist', async () => {
    await expectError(await call('POST', '/api/projects/no-such-project/rotate-key', undefined), 404, 'missing');
  });
});
