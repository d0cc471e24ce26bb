import { Hono, type Context } from 'hono';
import { getSession } from '../db/sessions.ts';
import { ApiError } from '../errors.ts';
import { sessionParams } from './params.ts';

/**
 * GET /api/sessions/:project/:session/live with `Upgrade: websocket`: the session's Durable
 * Object takes the socket and streams the session to the viewer (see LiveMessage in wire/).
 */
export const liveRoutes = new Hono<{ Bindings: Env }>().get('/sessions/:project/:session/live', async (c) => {
  const { projectId, sessionId } = sessionParams(c.req.param());
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
    throw new ApiError(426, 'bad_request', 'this endpoint is a WebSocket: send Upgrade: websocket');
  }
  await authorizeLiveViewer(c, projectId);
  // Only sessions the pipeline has seen: an unknown id must not bring a Durable Object into being.
  if (!(await getSession(c.env.DB, projectId, sessionId))) throw new ApiError(404, 'not_found', 'no such session');
  return c.env.SESSION_RECORDER.getByName(`${projectId}:${sessionId}`).fetch(c.req.raw);
});

/**
 * The seam where dashboard authentication plugs in: throw ApiError(401/403) for a viewer who may
 * not watch this project's sessions. Check the Origin header here too once auth rides on cookies:
 * browsers send cookies with cross-site WebSocket upgrades. Until then the dashboard API is open,
 * and so is this.
 */
async function authorizeLiveViewer(_c: Context<{ Bindings: Env }>, _projectId: string): Promise<void> {}
