import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors.ts';

/** bodyLimit answering in the API's error shape. */
export const limitBody = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `request body is larger than ${maxSize} bytes`);
    },
  });

/**
 * A JSON body, or a 400. Requiring the JSON type means a form on another site cannot send it
 * without a CORS preflight, which this API never answers. `optional`: an empty body is `{}`.
 */
export async function jsonBody(c: Context, { optional = false } = {}): Promise<unknown> {
  const text = await c.req.text();
  if (optional && text === '') return {};
  if (!c.req.header('content-type')?.toLowerCase().startsWith('application/json')) {
    throw new ApiError(400, 'bad_request', 'send the body as application/json');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'the body is not valid JSON');
  }
}
