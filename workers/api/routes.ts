import { Hono } from 'hono';
import {
  type SessionDetailResponse,
  type SessionListResponse,
  type SessionLocation,
  type SessionManifest,
} from '../../wire/index.ts';
import { listProjects } from '../db/projects.ts';
import { findSession, getSessionDetail, getSessionProperties, legacyManifest, searchSessions } from '../db/sessions.ts';
import { decodeCursor, encodeCursor, type SearchCursor } from '../db/search.ts';
import { parseFilter, type SessionSort } from '../../wire/filters.ts';
import { publicManifest } from '../../durable-objects/session/state.ts';
import { ApiError } from '../errors.ts';
import { projectParam, sessionIdParam, sessionParams } from './params.ts';
import { segmentKey } from '../storage-keys.ts';
import { canReadSession, visibleProjects } from '../auth/principal.ts';
import type { ApiEnv } from '../auth/middleware.ts';
import { mayReadProject, mayReadSession } from './guards.ts';

const PAGE_SIZE = 50;

/** The dashboard's API: projects, the session list, a session's manifest and its segments. */
export const apiRoutes = new Hono<ApiEnv>()
  .get('/projects', async (c) => {
    const visible = visibleProjects(c.var.principal);
    const projects = await listProjects(c.env.DB);
    return c.json({ projects: visible === null ? projects : projects.filter((p) => visible.has(p.id)) });
  })
  .get('/sessions', async (c) => {
    const query = new URL(c.req.url).searchParams;
    const parsed = parseFilter(query);
    if (!parsed.ok) throw new ApiError(400, 'bad_request', parsed.message);
    const cursor = cursorParam(query.get('cursor'), parsed.filter.sort);
    const projectId = projectParam(c.req.query('project'));
    mayReadProject(c.var.principal, projectId);
    const request = { projectId, status: statusParam(c.req.query('status')), filter: parsed.filter, cursor, limit: PAGE_SIZE, now: Date.now() };
    const { items, next } = await searchSessions(c.env.DB, request);
    return c.json<SessionListResponse>({ sessions: items, nextCursor: next ? encodeCursor(next) : null });
  })
  .get('/find-session/:session', async (c) => {
    const sessionId = sessionIdParam(c.req.param('session'));
    const found = await findSession(c.env.DB, sessionId);
    // Not readable answers as not there: this route must not confirm other projects' sessions.
    if (!found || !canReadSession(c.var.principal, found.projectId, sessionId)) throw new ApiError(404, 'not_found', 'no session has this id');
    return c.json<SessionLocation>({ ...found, sessionId });
  })
  .get('/sessions/:project/:session', async (c) => {
    const { projectId, sessionId } = sessionParams(c.req.param());
    mayReadSession(c.var.principal, projectId, sessionId);
    const [found, properties] = await Promise.all([
      getSessionDetail(c.env.DB, projectId, sessionId),
      getSessionProperties(c.env.DB, projectId, sessionId),
    ]);
    if (found?.session.status === 'live') {
      throw new ApiError(404, 'not_found', 'this session is still recording; its replay is written when it ends');
    }
    const manifest = found && (found.manifest ?? (await legacyManifest(c.env.BUCKET, projectId, sessionId)));
    if (!found || !manifest) throw new ApiError(404, 'not_found', 'no such session');
    return c.json<SessionDetailResponse>({ session: found.session, manifest: publicManifest(JSON.parse(manifest) as SessionManifest), properties });
  })
  .get('/sessions/:project/:session/segments/:index', async (c) => {
    const { projectId, sessionId } = sessionParams(c.req.param());
    mayReadSession(c.var.principal, projectId, sessionId);
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
