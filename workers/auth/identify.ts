/**
 * Works out who sent a dashboard or API request. In order: the admin secret as a bearer token
 * (scripts, the CLI), the login cookie (the dashboard after sign-in), a Cloudflare Access
 * assertion (when Access is configured), a share-link cookie. Null: nobody we know.
 */
import { parse } from 'hono/utils/cookie';
import { ACCESS_HEADER, verifyAccessJwt, type AccessConfig, type KeysSource } from './access.ts';
import type { Principal } from './principal.ts';
import { verifyLogin, verifyShare, type Role } from './tokens.ts';

export const LOGIN_COOKIE = 'er_login';
export const SHARE_COOKIE = 'er_share';

export interface IdentifyContext {
  adminSecret: string;
  access: { config: AccessConfig; keys: KeysSource } | null;
  /** A member's roles by project, from D1. */
  rolesOf: (email: string) => Promise<ReadonlyMap<string, Role>>;
}

export async function identify(request: Request, ctx: IdentifyContext): Promise<Principal | null> {
  const bearer = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
  if (bearer !== undefined && (await sameSecret(bearer, ctx.adminSecret))) return { kind: 'admin' };

  const cookies = parse(request.headers.get('cookie') ?? '');
  const login = cookies[LOGIN_COOKIE] ? await verifyLogin(ctx.adminSecret, cookies[LOGIN_COOKIE]) : null;
  if (login) return login.sub === 'admin' ? { kind: 'admin' } : member(login.sub, ctx);

  const assertion = request.headers.get(ACCESS_HEADER);
  if (ctx.access && assertion) {
    const email = await verifyAccessJwt(assertion, ctx.access.config, ctx.access.keys);
    if (email) return member(email, ctx);
  }

  const share = cookies[SHARE_COOKIE] ? await verifyShare(ctx.adminSecret, cookies[SHARE_COOKIE]) : null;
  return share ? { kind: 'share', projectId: share.p, sessionId: share.s } : null;
}

async function member(email: string, ctx: IdentifyContext): Promise<Principal> {
  return { kind: 'member', email, roles: await ctx.rolesOf(email) };
}

/** Compares digests, so the time taken says nothing about how much of a guess was right. */
export async function sameSecret(given: string, expected: string): Promise<boolean> {
  if (expected.length === 0) return false;
  const digest = async (s: string) => new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)));
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
