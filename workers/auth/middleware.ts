/**
 * The one gate in front of the dashboard API (/api/*) and the live WebSocket: refuses cross-site
 * requests that could act with someone's cookies, works out who is asking (identify.ts) and
 * answers 401 when nobody is. Routes then ask principal.ts what this principal may do.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.ts';
import { accessConfig, teamKeys } from './access.ts';
import { identify } from './identify.ts';
import { rolesOf } from './members.ts';
import type { Principal } from './principal.ts';

/** Settings the gate reads: ADMIN_SECRET is a secret (`wrangler secret put`), Access's are vars. */
export type AuthEnv = Env & { ADMIN_SECRET?: string; ACCESS_TEAM_DOMAIN?: string; ACCESS_AUD?: string };
export type AuthVariables = { principal: Principal };
/** What every dashboard API route sees: the Worker's bindings and who is asking. */
export type ApiEnv = { Bindings: AuthEnv; Variables: AuthVariables };

/** Shorter secrets are refused outright: every login and share link is only as strong as this key. */
export const MIN_SECRET_CHARS = 16;

/** The signing key, or a 500 that says how to set it: with no key anyone could mint a login. */
export function adminSecret(env: AuthEnv): string {
  const secret = env.ADMIN_SECRET ?? '';
  if (secret.length < MIN_SECRET_CHARS) {
    throw new ApiError(500, 'internal', `ADMIN_SECRET is not set (or shorter than ${MIN_SECRET_CHARS} characters): run npx wrangler secret put ADMIN_SECRET`);
  }
  return secret;
}

/**
 * Browsers send cookies (and Cloudflare Access its assertion) with cross-site form posts and
 * WebSocket upgrades; a request that changes something or opens the live socket must come from
 * the dashboard's own origin. Clients that send no Origin (scripts) carry no browser cookies.
 */
export const sameOriginOnly: MiddlewareHandler = async (c, next) => {
  const origin = c.req.header('origin');
  const reads = (c.req.method === 'GET' || c.req.method === 'HEAD') && c.req.header('upgrade') === undefined;
  if (origin !== undefined && !reads && origin !== new URL(c.req.url).origin) {
    throw new ApiError(403, 'forbidden', 'cross-site requests are refused: use the dashboard on this origin');
  }
  await next();
};

/** Who sent the request, or null. */
export async function principalOf(c: Context<ApiEnv>): Promise<Principal | null> {
  const access = accessConfig(c.env);
  return identify(c.req.raw, {
    adminSecret: adminSecret(c.env),
    access: access && { config: access, keys: teamKeys(access) },
    rolesOf: (email) => rolesOf(c.env.DB, email),
  });
}

/** 401 without credentials that hold; otherwise `c.var.principal` for the routes behind it. */
export const requirePrincipal: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const principal = await principalOf(c);
  if (principal === null) throw new ApiError(401, 'unauthorized', 'sign in first: no valid login, Access assertion or share link came with this request');
  c.set('principal', principal);
  await next();
};
