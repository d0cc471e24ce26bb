/**
 * Comments pinned to a moment and a point of a session's replay: the API's shapes and the one
 * validator the API and the dashboard share.
 *
 *   GET    /api/sessions/<project>/<session>/comments        → CommentListResponse, sorted by t
 *   POST   /api/sessions/<project>/<session>/comments        NewComment (JSON) → 201 SessionComment
 *   DELETE /api/sessions/<project>/<session>/comments/<id>   → 204
 */
import { isTabId, type Validation } from './index.ts';

export const MAX_COMMENT_BODY_CHARS = 2_000;
export const MAX_COMMENT_AUTHOR_CHARS = 80;
export const MAX_COMMENTS_PER_SESSION = 500;
/** POST body cap: a longest comment in 4-byte UTF-8 characters fits with room to spare. */
export const MAX_COMMENT_REQUEST_BYTES = 16 * 1024;

/** What a viewer sends to pin a comment. */
export interface NewComment {
  /** The tab whose replay the comment is on. */
  tab: string;
  /** Epoch ms, on the events' clock. */
  t: number;
  /** The point, as fractions (0..1) of the recorded viewport's width and height. */
  x: number;
  y: number;
  body: string;
  /** The member's email when a member wrote it; the name the admin gave otherwise. */
  author: string;
}

export interface SessionComment extends NewComment {
  /** Made by the server: a lowercase UUID. */
  id: string;
  /** Server clock, epoch ms. */
  createdAt: number;
}

export interface CommentListResponse {
  comments: SessionComment[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isCommentId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

const fail = (message: string): Validation<never> => ({ ok: false, message });

const isFraction = (value: unknown): value is number => typeof value === 'number' && value >= 0 && value <= 1;

// Names are one line of plain text; bodies may also hold tabs and line breaks.
const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Checks a decoded POST body. Body and author are trimmed; unknown fields are dropped. */
export function validateNewComment(input: unknown): Validation<NewComment> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return fail('comment must be a JSON object');
  const value = input as Record<string, unknown>;
  if (!isTabId(value.tab)) return fail('tab must be 1 to 16 characters of [0-9a-z]');
  if (!Number.isSafeInteger(value.t) || (value.t as number) <= 0) return fail('t must be a positive whole number of epoch ms');
  if (!isFraction(value.x) || !isFraction(value.y)) return fail('x and y must be numbers from 0 to 1');
  if (typeof value.body !== 'string') return fail('body must be a string');
  const body = value.body.trim();
  if (body === '' || body.length > MAX_COMMENT_BODY_CHARS) return fail(`body must have 1 to ${MAX_COMMENT_BODY_CHARS} characters`);
  if (CONTROL_IN_TEXT.test(body)) return fail('body must not contain control characters');
  if (typeof value.author !== 'string') return fail('author must be a string');
  const author = value.author.trim();
  if (author === '' || author.length > MAX_COMMENT_AUTHOR_CHARS) return fail(`author must have 1 to ${MAX_COMMENT_AUTHOR_CHARS} characters`);
  if (CONTROL.test(author)) return fail('author must be one line without control characters');
  return { ok: true, value: { tab: value.tab, t: value.t as number, x: value.x, y: value.y, body, author } };
}
