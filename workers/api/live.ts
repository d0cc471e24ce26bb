import { Hono } from 'hono';
import { getSession } from '../db/sessions.ts';
import { ApiError } from '../errors.ts';
import { sessionParams } from './params.ts';

/**
 * GET /api/sessions/:project/:session/live with `Upgrade: websocket`: the session's Durable
 * Object takes the socket and streams the session to the viewer (see LiveMessage in wire/).
 * Open like the rest of the dashboard API until the auth middleware (workers/auth) covers /api/*;
 * once auth rides on cookies it must check Origin here too, since browsers send cookies with
 * cross-site WebSocket upgrades.
 */
export const liveRoutes = new Hono<{ Bindings: Env }>().get('/sessions/:project/:session/live', async (c) => {
  const { projectId, sessionId } = sessionParams(c.req.param());
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
    throw new ApiError(426, 'bad_request', 'this endpoint is a WebSocket: send Upgrade: websocket');
  }
  // Only sessions the pipeline has seen: an unknown id must not bring a Durable Object into being.
  if (!(await getSession(c.env.DB, projectId, sessionId))) throw new ApiError(404, 'not_found', 'no such session');
  return c.env.SESSION_RECORDER.getByName(`${projectId}:${sessionId}`).fetch(c.req.raw);
});
