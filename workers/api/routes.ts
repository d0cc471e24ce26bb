import { Hono } from 'hono';
import {
  type SessionDetailResponse,
  type SessionListResponse,
  type SessionLocation,
  type SessionManifest,
} from '../../wire/index.ts';
import { listProjects } from '../db/projects.ts';
import { findSession, getSession, getSessionProperties, searchSessions } from '../db/sessions.ts';
import { decodeCursor, encodeCursor, type SearchCursor } from '../db/search.ts';
import { parseFilter, type SessionSort } from '../../wire/filters.ts';
import { publicManifest } from '../../durable-objects/session/state.ts';
import { ApiError } from '../errors.ts';
import { projectParam, sessionIdParam, sessionParams } from './params.ts';
import { manifestKey, segmentKey } from '../storage-keys.ts';

const PAGE_SIZE = 50;

/** The dashboard's API: projects, the session list, a session's manifest and its segments. */
export const apiRoutes = new Hono<{ Bindings: Env }>()
  .get('/projects', async (c) => c.json({ projects: await listProjects(c.env.DB) }))
  .get('/sessions', async (c) => {
    const query = new URL(c.req.url).searchParams;
    const parsed = parseFilter(query);
    if (!parsed.ok) throw new ApiError(400, 'bad_request', parsed.message);
    const cursor = cursorParam(query.get('cursor'), parsed.filter.sort);
    const projectId = projectParam(c.req.query('project'));
    const request = { projectId, status: statusParam(c.req.query('status')), filter: parsed.filter, cursor, limit: PAGE_SIZE, now: Date.now() };
    const { items, next } = await searchSessions(c.env.DB, request);
    return c.json<SessionListResponse>({ sessions: items, nextCursor: next ? encodeCursor(next) : null });
  })
  .get('/find-session/:session', async (c) => {
    const sessionId = sessionIdParam(c.req.param('session'));
    const found = await findSession(c.env.DB, sessionId);
    if (!found) throw new ApiError(404, 'not_found', 'no session has this id');
    return c.json<SessionLocation>({ ...found, sessionId });
  })
  .get('/sessions/:project/:session', async (c) => {
    const { projectId, sessionId } = sessionParams(c.req.param());
    const [session, manifest, properties] = await Promise.all([
      getSession(c.env.DB, projectId, sessionId),
      c.env.BUCKET.get(manifestKey(projectId, sessionId)),
      getSessionProperties(c.env.DB, projectId, sessionId),
    ]);
    if (session?.status === 'live') {
      throw new ApiError(404, 'not_found', 'this session is still recording; its replay is written when it ends');
    }
    if (!session || !manifest) throw new ApiError(404, 'not_found', 'no such session');
    return c.json<SessionDetailResponse>({ session, manifest: publicManifest(await manifest.json<SessionManifest>()), properties });
  })
  .get('/sessions/:project/:session/segments/:index', async (c) => {
    const { projectId, sessionId } = sessionParams(c.req.param());
    const index = Number(c.req.param('index'));
    if (!Number.isInteger(index) || index < 0) throw new ApiError(400, 'bad_request', 'segment index must be a whole number');
    const segment = await c.env.BUCKET.get(segmentKey(projectId, sessionId, index));
    if (!segment) throw new ApiError(404, 'not_found', 'no such segment');
    // A written segment never changes: a reopened session appends new ones.
    return new Response(segment.body, {
      headers: { 'content-type': 'application/gzip', 'cache-control': 'private, max-age=31536000, immutable' },
    });
  });

/** Ended sessions by default: live ones have no replay in R2 yet and get their own view. */
function statusParam(value: string | undefined): 'live' | 'ended' {
  if (value === undefined || value === 'ended') return 'ended';
  if (value === 'live') return 'live';
  throw new ApiError(400, 'bad_request', 'status must be live or ended');
}

/** A cursor from an earlier page of the same sort, or a 400. */
function cursorParam(value: string | null, sort: SessionSort): SearchCursor | null {
  if (!value) return null;
  const cursor = decodeCursor(value);
  if (!cursor) throw new ApiError(400, 'bad_request', 'cursor is not one this API returned');
  if (cursor.sort !== sort) throw new ApiError(400, 'bad_request', `cursor is for sort=${cursor.sort}, not sort=${sort}; start again without a cursor`);
  return cursor;
}
