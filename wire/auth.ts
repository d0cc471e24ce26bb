/**
 * Sign-in, members and share links: what the dashboard and the API exchange (issue 6).
 */

export type Role = 'owner' | 'viewer';
export const ROLES: readonly Role[] = ['owner', 'viewer'];

/** GET /api/auth/me: who the dashboard is signed in as. */
export type MeResponse =
  /** The admin secret's holder: owner of every project. */
  | { kind: 'admin' }
  /** A team member (Cloudflare Access, or a login for their email): their projects and roles. */
  | { kind: 'member'; email: string; roles: Record<string, Role> }
  /** A share link: this one session, read only. */
  | { kind: 'share'; projectId: string; sessionId: string };

export interface LoginRequest {
  secret: string;
}

/** POST /api/auth/share: trades a share link's token for a cookie scoped to its session. */
export interface ShareExchangeRequest {
  token: string;
}
export interface ShareExchangeResponse {
  projectId: string;
  sessionId: string;
  /** Epoch ms. */
  expiresAt: number;
}

export const SHARE_DAYS_DEFAULT = 7;
export const SHARE_DAYS_MAX = 30;

/** POST /api/sessions/:project/:session/share, body `{ days? }`. */
export interface ShareLinkResponse {
  /** Path and hash on the dashboard's origin: `/#/share/<token>`. */
  path: string;
  expiresAt: number;
}

/** The dashboard route a share token opens. */
export const sharePath = (token: string) => `/#/share/${token}`;

export interface ProjectMember {
  email: string;
  role: Role;
  createdAt: number;
}
export interface MemberListResponse {
  members: ProjectMember[];
}

const MAX_EMAIL_CHARS = 254;
// One @, something on each side, no spaces or control characters: Access vouches for the rest.
const EMAIL = /^[^\s@\x00-\x1f]+@[^\s@\x00-\x1f]+\.[^\s@\x00-\x1f]+$/;

/** Emails compare lowercased, as Access reports them. */
export function normaliseEmail(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const email = value.trim().toLowerCase();
  return email.length <= MAX_EMAIL_CHARS && EMAIL.test(email) ? email : null;
}

export const isRole = (value: unknown): value is Role => value === 'owner' || value === 'viewer';

type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/** POST /api/projects/:id/members body: `{ email, role }`. */
export function validateNewMember(value: unknown): Checked<{ email: string; role: Role }> {
  if (typeof value !== 'object' || value === null) return { ok: false, message: 'send { email, role }' };
  const body = value as Record<string, unknown>;
  const email = normaliseEmail(body.email);
  if (email === null) return { ok: false, message: 'email must be an email address' };
  if (!isRole(body.role)) return { ok: false, message: 'role must be owner or viewer' };
  return { ok: true, value: { email, role: body.role } };
}

/** A share request's `days`: absent means the default; 1 to SHARE_DAYS_MAX whole days otherwise. */
export function shareDays(value: unknown): Checked<number> {
  if (value === undefined) return { ok: true, value: SHARE_DAYS_DEFAULT };
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > SHARE_DAYS_MAX) {
    return { ok: false, message: `days must be a whole number from 1 to ${SHARE_DAYS_MAX}` };
  }
  return { ok: true, value };
}
