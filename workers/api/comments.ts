import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
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
import { sessionParams } from './params.ts';

/** Comments on a session's replay; see wire/comments.ts. Mounted under /api. */
export const commentRoutes = new Hono<{ Bindings: Env }>()
  .get('/sessions/:project/:session/comments', async (c) => {
    const { projectId, sessionId } = sessionParams(c.req.param());
    const comments = await listComments(c.env.DB, projectId, sessionId);
    if (comments === null) throw noSession();
    return c.json<CommentListResponse>({ comments });
  })
  .post(
    '/sessions/:project/:session/comments',
    bodyLimit({
      maxSize: MAX_COMMENT_REQUEST_BYTES,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `request body is larger than ${MAX_COMMENT_REQUEST_BYTES} bytes`);
      },
    }),
    async (c) => {
      const { projectId, sessionId } = sessionParams(c.req.param());
      // A form on another site cannot send this type without a CORS preflight, which this API never answers.
      if (!c.req.header('content-type')?.toLowerCase().startsWith('application/json')) {
        throw new ApiError(400, 'bad_request', 'send the comment as application/json');
      }
      const parsed = validateNewComment(await jsonBody(c.req));
      if (!parsed.ok) throw new ApiError(400, 'bad_request', parsed.message);
      const comment: SessionComment = { ...parsed.value, id: crypto.randomUUID(), createdAt: Date.now() };
      const outcome = await insertComment(c.env.DB, projectId, sessionId, comment);
      if (outcome === 'no_session') throw noSession();
      if (outcome === 'full') throw new ApiError(400, 'bad_request', `a session holds at most ${MAX_COMMENTS_PER_SESSION} comments`);
      return c.json(comment, 201);
    },
  )
  .delete('/sessions/:project/:session/comments/:id', async (c) => {
    const { projectId, sessionId } = sessionParams(c.req.param());
    const id = c.req.param('id');
    if (!isCommentId(id)) throw new ApiError(400, 'bad_request', 'comment id must be a lowercase UUID');
    if (!(await deleteComment(c.env.DB, projectId, sessionId, id))) throw new ApiError(404, 'not_found', 'no such comment');
    return c.body(null, 204);
  });

const noSession = () => new ApiError(404, 'not_found', 'no such session');

async function jsonBody(request: { json: () => Promise<unknown> }): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new ApiError(400, 'invalid_json', 'the body is not valid JSON');
  }
}
