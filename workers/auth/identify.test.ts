import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { identify, LOGIN_COOKIE, sameSecret, SHARE_COOKIE, type IdentifyContext } from './identify.ts';
import { signLogin, signShare } from './tokens.ts';

const SECRET = 'admin-secret-for-identify-tests';
const ctx: IdentifyContext = {
  adminSecret: SECRET,
  access: null,
  rolesOf: async (email) => new Map(email === 'ada@example.com' ? [['shop', 'owner' as const]] : []),
};
const request = (headers: Record<string, string>) => new Request('https://replay.example/api/projects', { headers });

describe('identify', () => {
  it('knows the admin by bearer secret or login cookie', async () => {
    expect(await identify(request({ authorization: `Bearer ${SECRET}` }), ctx)).toEqual({ kind: 'admin' });
    const login = await signLogin(SECRET, 'admin', Date.now());
    expect(await identify(request({ cookie: `${LOGIN_COOKIE}=${login}` }), ctx)).toEqual({ kind: 'admin' });
  });

  it('gives a member logged in by email their roles', async () => {
    const login = await signLogin(SECRET, 'ada@example.com', Date.now());
    const who = await identify(request({ cookie: `other=1; ${LOGIN_COOKIE}=${login}` }), ctx);
    expect(who).toMatchObject({ kind: 'member', email: 'ada@example.com' });
    expect(who?.kind === 'member' && who.roles.get('shop')).toBe('owner');
  });

  it('knows a share link, scoped to its session', async () => {
    const token = await signShare(SECRET, 'shop', 'sess1', Date.now() + 60_000);
    expect(await identify(request({ cookie: `${SHARE_COOKIE}=${token}` }), ctx)).toEqual({ kind: 'share', projectId: 'shop', sessionId: 'sess1' });
  });

  it('knows nobody without valid credentials', async () => {
    expect(await identify(request({}), ctx)).toBeNull();
    expect(await identify(request({ authorization: 'Bearer wrong' }), ctx)).toBeNull();
    expect(await identify(request({ authorization: `Bearer ${SECRET}x` }), ctx)).toBeNull();
    const forged = await signLogin('another-secret', 'admin', Date.now());
    expect(await identify(request({ cookie: `${LOGIN_COOKIE}=${forged}` }), ctx)).toBeNull();
    const expired = await signShare(SECRET, 'shop', 'sess1', Date.now() - 1_000);
    expect(await identify(request({ cookie: `${SHARE_COOKIE}=${expired}` }), ctx)).toBeNull();
    // A share token in the login cookie is still only a share token: refused there.
    const share = await signShare(SECRET, 'shop', 'sess1', Date.now() + 60_000);
    expect(await identify(request({ cookie: `${LOGIN_COOKIE}=${share}` }), ctx)).toBeNull();
  });

  it('ignores an Access header when Access is not configured', async () => {
    const hs = await sign({ email: 'ada@example.com', exp: Math.floor(Date.now() / 1000) + 60 }, SECRET);
    expect(await identify(request({ 'cf-access-jwt-assertion': hs }), ctx)).toBeNull();
  });

  it('never matches an empty admin secret', async () => {
    expect(await sameSecret('', '')).toBe(false);
    expect(await sameSecret('a', 'a')).toBe(true);
  });
});
