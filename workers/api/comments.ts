import { Hono } from 'hono';
import {
  MAX_COMMENT_REQUEST_BYTES,
  MAX_COMMENTS_PER_SESSION,
  isCommentId,
  validateNewComment,
  type CommentListResponse,
  type SessionComment,
} from '../../wire/comments.ts';
import { ApiError } from '../errors.ts';
import { deleteComment, insertComment, listComments } from './comments-db.ts';
import { jsonBody, limitBody } from './json-body.ts';
import { sessionParams } from './params.ts';
import type { ApiEnv } from '../auth/middleware.ts';
import { mayReadProject, mayReadSession } from './guards.ts';
import { canManageProject } from '../auth/principal.ts';

/** Comments on a session's replay; see wire/comments.ts. Mounted under /api. */
export const commentRoutes = new Hono<ApiEnv>()
  .get('/sessions/:project/:session/comments', async (c) => {
    const { projectId, sessionId } = sessionParams(c.req.param());
    mayReadSession(c.var.principal, projectId, sessionId);
    const comments = await listComments(c.env.DB, projectId, sessionId);
    if (comments === null) throw noSession();
    return c.json<CommentListResponse>({ comments });
  })
  .post(
    '/sessions/:project/:session/comments',
    limitBody(MAX_COMMENT_REQUEST_BYTES),
    async (c) => {
      const { projectId, sessionId } = sessionParams(c.req.param());
      // Members write comments, viewers too; a share link only reads them.
      mayReadProject(c.var.principal, projectId);
      const parsed = validateNewComment(await jsonBody(c));
      if (!parsed.ok) throw new ApiError(400, 'bad_request', parsed.message);
      // A member's comments carry the email they signed in with; the admin is one person and names themself.
      const who = c.var.principal;
      const author = who.kind === 'member' ? who.email : parsed.value.author;
      const comment: SessionComment = { ...parsed.value, author, id: crypto.randomUUID(), createdAt: Date.now() };
      const outcome = await insertComment(c.env.DB, projectId, sessionId, comment);
      if (outcome === 'no_session') throw noSession();
      if (outcome === 'full') throw new ApiError(400, 'bad_request', `a session holds at most ${MAX_COMMENTS_PER_SESSION} comments`);
      return c.json(comment, 201);
    },
  )
  .delete('/sessions/:project/:session/comments/:id', async (c) => {
    const { projectId, sessionId } = sessionParams(c.req.param());
    const who = c.var.principal;
    mayReadProject(who, projectId);
    const id = c.req.param('id');
    if (!isCommentId(id)) throw new ApiError(400, 'bad_request', 'comment id must be a lowercase UUID');
    // Owners tidy up any comment; other members delete only their own.
    const onlyBy = canManageProject(who, projectId) || who.kind !== 'member' ? null : who.email;
    if (!(await deleteComment(c.env.DB, projectId, sessionId, id, onlyBy))) {
      throw new ApiError(404, 'not_found', onlyBy ? 'no such comment of yours' : 'no such comment');
    }
    return c.body(null, 204);
  });

const noSession = () => new ApiError(404, 'not_found', 'no such session');
