import { Hono } from 'hono';
import { sharePath, shareDays, type ShareLinkResponse } from '../../wire/auth.ts';
import { adminSecret, type ApiEnv } from '../auth/middleware.ts';
import { signShare } from '../auth/tokens.ts';
import { getSession } from '../db/sessions.ts';
import { ApiError } from '../errors.ts';
import { mayManageProject } from './guards.ts';
import { jsonBody, limitBody } from './json-body.ts';
import { sessionParams } from './params.ts';

const DAY_MS = 24 * 3600_000;

/**
 * POST /api/sessions/:project/:session/share, body `{ days? }` (default 7, at most 30): a link
 * that opens this one session's replay to whoever has it, until it expires. Owners only: a link
 * takes a session outside the project's members, and that is the owner's call.
 */
export const shareRoutes = new Hono<ApiEnv>().post('/sessions/:project/:session/share', limitBody(1024), async (c) => {
  const { projectId, sessionId } = sessionParams(c.req.param());
  mayManageProject(c.var.principal, projectId);
  const days = shareDays(((await jsonBody(c, { optional: true })) as { days?: unknown })?.days);
  if (!days.ok) throw new ApiError(400, 'bad_request', days.message);
  if (!(await getSession(c.env.DB, projectId, sessionId))) throw new ApiError(404, 'not_found', 'no such session');
  const expiresAt = Date.now() + days.value * DAY_MS;
  const token = await signShare(adminSecret(c.env), projectId, sessionId, expiresAt);
  return c.json<ShareLinkResponse>({ path: sharePath(token), expiresAt }, 201);
});
