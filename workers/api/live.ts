import { Hono } from 'hono';
import { getSession } from '../db/sessions.ts';
import { ApiError } from '../errors.ts';
import { sessionParams } from './params.ts';
import type { ApiEnv } from '../auth/middleware.ts';
import { mayReadSession } from './guards.ts';

/**
 * GET /api/sessions/:project/:session/live with `Upgrade: websocket`: the session's Durable
 * Object takes the socket and streams the session to the viewer (see LiveMessage in wire/).
 * Signed in like the rest of /api (a share link watches its own session); browsers send cookies
 * with cross-site WebSocket upgrades, so the gate in workers/auth/middleware.ts also refuses an
 * upgrade whose Origin is not this host.
 */
export const liveRoutes = new Hono<ApiEnv>().get('/sessions/:project/:session/live', async (c) => {
  const { projectId, sessionId } = sessionParams(c.req.param());
  mayReadSession(c.var.principal, projectId, sessionId);
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
    throw new ApiError(426, 'bad_request', 'this endpoint is a WebSocket: send Upgrade: websocket');
  }
  // Only sessions the pipeline has seen: an unknown id must not bring a Durable Object into being.
  if (!(await getSession(c.env.DB, projectId, sessionId))) throw new ApiError(404, 'not_found', 'no such session');
  return c.env.SESSION_RECORDER.getByName(`${projectId}:${sessionId}`).fetch(c.req.raw);
});
