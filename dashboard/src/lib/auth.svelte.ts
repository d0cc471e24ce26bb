import type { MeResponse, Role, ShareExchangeResponse, ShareLinkResponse } from '../../../wire/auth.ts';
import { ApiError, apiFetch, forgetProjects, getJson, onUnauthorized, sendJson } from './api.ts';

const postJson = (path: string, body: unknown) => sendJson(path, 'POST', body);

/**
 * Who the dashboard is signed in as. `checking` until /api/auth/me answers; `signed-out` when it
 * (or any later API call) answers 401, which shows the sign-in page.
 */
export class Auth {
  status = $state<'checking' | 'signed-in' | 'signed-out'>('checking');
  me = $state.raw<MeResponse | null>(null);

  constructor() {
    onUnauthorized(() => {
      this.status = 'signed-out';
      this.me = null;
    });
  }

  /** Asks who is signed in; called on load and after every change of sign-in (which also changes the projects). */
  async check(): Promise<void> {
    forgetProjects();
    try {
      this.me = await getJson<MeResponse>('/api/auth/me');
      this.status = 'signed-in';
    } catch (error) {
      // 401 already signed us out; anything else (offline) leaves the pages to say what went wrong.
      if (!(error instanceof ApiError && error.status === 401)) this.status = 'signed-in';
    }
  }

  /** Throws ApiError (401 for a wrong secret). */
  async signIn(secret: string): Promise<void> {
    await postJson('/api/auth/login', { secret });
    await this.check();
  }

  async signOut(): Promise<void> {
    await apiFetch('/api/auth/logout', undefined, { method: 'POST' });
    forgetProjects();
    this.me = null;
    this.status = 'signed-out';
  }

  /** What the signed-in principal is in a project: null when nothing. */
  roleIn(projectId: string): Role | null {
    const me = this.me;
    if (me?.kind === 'admin') return 'owner';
    return me?.kind === 'member' ? (me.roles[projectId] ?? null) : null;
  }
}

export const auth = new Auth();

/** Trades a share link's token for the cookie that opens its one session. */
export async function openShareLink(token: string): Promise<ShareExchangeResponse> {
  return (await postJson('/api/auth/share', { token })).json() as Promise<ShareExchangeResponse>;
}

/** A link to this session for someone outside the project, valid for `days`. */
export async function createShareLink(projectId: string, sessionId: string, days: number): Promise<string> {
  const response = await postJson(`/api/sessions/${encodeURIComponent(projectId)}/${encodeURIComponent(sessionId)}/share`, { days });
  const link = (await response.json()) as ShareLinkResponse;
  return `${location.origin}${link.path}`;
}
