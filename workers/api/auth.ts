/**
 * Sign-in for the dashboard (mounted at /api/auth). Login, logout and the share-link exchange
 * are the API's only routes open without credentials: they are how credentials are obtained.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { MeResponse, ShareExchangeResponse } from '../../wire/auth.ts';
import { LOGIN_COOKIE, SHARE_COOKIE, sameSecret } from '../auth/identify.ts';
import { adminSecret, principalOf, type ApiEnv } from '../auth/middleware.ts';
import { LOGIN_TTL_S, signLogin, verifyShare } from '../auth/tokens.ts';
import { ApiError } from '../errors.ts';
import { jsonBody, limitBody } from './json-body.ts';

const MAX_AUTH_BODY_BYTES = 4096;
/** The share cookie goes only to the API, which is all a shared player needs. */
const SHARE_COOKIE_PATH = '/api';

/** Routes here that answer without credentials; tests/workers/access.test.ts walks every other one. */
export const PUBLIC_AUTH_ROUTES = ['POST /api/auth/login', 'POST /api/auth/logout', 'POST /api/auth/share'];

export const authRoutes = new Hono<ApiEnv>()
  .post('/login', limitBody(MAX_AUTH_BODY_BYTES), async (c) => {
    const body = (await jsonBody(c)) as { secret?: unknown };
    const secret = adminSecret(c.env);
    if (typeof body?.secret !== 'string' || !(await sameSecret(body.secret, secret))) {
      throw new ApiError(401, 'unauthorized', 'that is not the admin secret');
    }
    setCookie(c, LOGIN_COOKIE, await signLogin(secret, 'admin', Date.now()), { ...cookieOptions(c), path: '/', maxAge: LOGIN_TTL_S });
    return c.json<MeResponse>({ kind: 'admin' });
  })
  .post('/logout', (c) => {
    deleteCookie(c, LOGIN_COOKIE, { ...cookieOptions(c), path: '/' });
    deleteCookie(c, SHARE_COOKIE, { ...cookieOptions(c), path: SHARE_COOKIE_PATH });
    return c.body(null, 204);
  })
  .post('/share', limitBody(MAX_AUTH_BODY_BYTES), async (c) => {
    const body = (await jsonBody(c)) as { token?: unknown };
    const claims = typeof body?.token === 'string' ? await verifyShare(adminSecret(c.env), body.token) : null;
    if (!claims) throw new ApiError(401, 'unauthorized', 'this share link is not valid or has expired');
    const maxAge = claims.exp - Math.floor(Date.now() / 1000);
    setCookie(c, SHARE_COOKIE, body.token as string, { ...cookieOptions(c), path: SHARE_COOKIE_PATH, maxAge });
    return c.json<ShareExchangeResponse>({ projectId: claims.p, sessionId: claims.s, expiresAt: claims.exp * 1000 });
  })
  .get('/me', async (c) => {
    const who = await principalOf(c);
    if (who === null) throw new ApiError(401, 'unauthorized', 'not signed in');
    return c.json<MeResponse>(who.kind === 'member' ? { kind: 'member', email: who.email, roles: Object.fromEntries(who.roles) } : who);
  });

/**
 * HttpOnly (scripts never see them), SameSite=Strict (never sent from another site's page) and
 * Secure, except over plain http on this machine, where `npm start` serves the dashboard.
 */
function cookieOptions(c: Context) {
  const url = new URL(c.req.url);
  const local = url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
  return { httpOnly: true, secure: !local, sameSite: 'Strict' as const };
}
