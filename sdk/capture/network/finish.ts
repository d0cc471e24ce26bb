import type { NetworkPayload } from '../../../wire/index.ts';
import { MAX_MESSAGE_CHARS, MAX_URL_CHARS } from '../constants.ts';
import { cap } from '../context.ts';
import type { ResolvedNetwork } from '../options.ts';
import { serialize } from '../serialize.ts';
import { bodySize, bodyText, contentLength } from './body.ts';
import { parseHeaderLines, pickHeaders } from './headers.ts';
import type { RequestFacts } from './request.ts';
import { isSdkUrl } from './urls.ts';

/**
 * A recorded request's payload as uploaded, from what was seen of it (request.ts): method in
 * capitals, URL cut, sizes, the request body and the headers where allowed (credentials never),
 * the failure as text. Null for the SDK's own endpoints, which are never recorded even if
 * something routes them through the page's fetch.
 */
export function finishNetwork(payload: NetworkPayload, facts: RequestFacts | undefined, options: ResolvedNetwork): NetworkPayload | null {
  if (isSdkUrl(payload.url)) return null;
  payload.method = payload.method.toUpperCase();
  payload.url = cap(payload.url, MAX_URL_CHARS);
  if (!facts) return payload;
  const { body, requestHeaders, responseHeaders, error } = facts;
  payload.requestBytes = bodySize(body);
  if (facts.bodies) payload.requestBody = bodyText(body, options.maxBodyBytes);
  payload.responseBytes = contentLength(facts.contentLength ?? null);
  if (requestHeaders) payload.requestHeaders = pickHeaders(requestHeaders);
  if (responseHeaders) payload.responseHeaders = pickHeaders(typeof responseHeaders == 'string' ? parseHeaderLines(responseHeaders) : responseHeaders);
  if (error !== undefined) payload.error = failureText(error);
  return payload;
}

/** "TypeError: Failed to fetch", "abort", or whatever was thrown, short. */
function failureText(error: unknown): string {
  const e = error as { name?: unknown; message?: unknown } | null;
  return e && typeof e.message == 'string' ? cap(`${e.name}: ${e.message}`, MAX_MESSAGE_CHARS) : serialize(error, MAX_MESSAGE_CHARS);
}
