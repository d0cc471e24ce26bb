import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody, ErrorCode } from '../wire/index.ts';

/** An error the client caused or must know about; becomes `{ error: { code, message } }`. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: ErrorCode;
  /** Sent as Retry-After (seconds) with 429s: the SDK waits this long before sending again. */
  readonly retryAfterSeconds: number | undefined;

  // Plain fields, not parameter properties: Node's type stripping (scripts, bench) cannot run those.
  constructor(status: ContentfulStatusCode, code: ErrorCode, message: string, retryAfterSeconds?: number) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function errorJson(c: Context, status: ContentfulStatusCode, code: ErrorCode, message: string) {
  return c.json<ErrorBody>({ error: { code, message } }, status);
}

/** The code an error is answered with (handleError); health reporting counts refusals by it. */
export function errorCode(err: Error): ErrorCode {
  if (err instanceof ApiError) return err.code;
  if (err instanceof HTTPException) return err.status === 413 ? 'payload_too_large' : 'bad_request';
  return 'internal';
}

/** The one place errors become responses, so every endpoint answers in the same shape. */
export function handleError(err: Error, c: Context) {
  if (err instanceof ApiError) {
    if (err.retryAfterSeconds !== undefined) c.header('retry-after', String(err.retryAfterSeconds));
    return errorJson(c, err.status, err.code, err.message);
  }
  if (err instanceof HTTPException) return errorJson(c, err.status, errorCode(err), err.message || 'bad request');
  console.error('unhandled error', err);
  return errorJson(c, 500, 'internal', 'internal error');
}

export function handleNotFound(c: Context) {
  return errorJson(c, 404, 'not_found', `no route for ${c.req.method} ${new URL(c.req.url).pathname}`);
}
