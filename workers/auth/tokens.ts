/**
 * Tokens this deployment signs: a dashboard login (kept in an HttpOnly cookie) and share links
 * (one session, read only, expiring). HS256 JWTs keyed by the deployment's ADMIN_SECRET, so
 * rotating that secret revokes every login and every share link at once. Each token names its
 * kind and each verifier accepts one kind, so a share link never passes as a login.
 */
import { sign, verify } from 'hono/jwt';
import type { Role } from '../../wire/auth.ts';

export type { Role };

export interface LoginClaims {
  k: 'login';
  /** "admin" for the admin secret, otherwise the member's email (Cloudflare Access). */
  sub: string;
  /** Seconds since the epoch, as JWTs count. */
  exp: number;
}

export interface ShareClaims {
  k: 'share';
  /** Project and session the link opens; nothing else. */
  p: string;
  s: string;
  exp: number;
}

export const LOGIN_TTL_S = 7 * 24 * 3600;

export const signLogin = (secret: string, sub: string, nowMs: number): Promise<string> =>
  sign({ k: 'login', sub, exp: toSeconds(nowMs) + LOGIN_TTL_S } satisfies LoginClaims, secret);

export function signShare(secret: string, projectId: string, sessionId: string, expiresAtMs: number): Promise<string> {
  return sign({ k: 'share', p: projectId, s: sessionId, exp: toSeconds(expiresAtMs) } satisfies ShareClaims, secret);
}

export async function verifyLogin(secret: string, token: string): Promise<LoginClaims | null> {
  const claims = await verifyKind(secret, token, 'login');
  return claims && typeof claims.sub === 'string' ? (claims as unknown as LoginClaims) : null;
}

export async function verifyShare(secret: string, token: string): Promise<ShareClaims | null> {
  const claims = await verifyKind(secret, token, 'share');
  return claims && typeof claims.p === 'string' && typeof claims.s === 'string' ? (claims as unknown as ShareClaims) : null;
}

/** Null for anything but an intact, unexpired token of this kind. */
async function verifyKind(secret: string, token: string, kind: 'login' | 'share'): Promise<Record<string, unknown> | null> {
  try {
    const claims = (await verify(token, secret, 'HS256')) as Record<string, unknown>;
    // hono's verify only checks exp when present; ours must never lack one.
    return claims.k === kind && typeof claims.exp === 'number' ? claims : null;
  } catch {
    return null;
  }
}

const toSeconds = (ms: number) => Math.floor(ms / 1000);
