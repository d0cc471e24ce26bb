import { CustomTag, type NetworkPayload } from '../../../wire/index.ts';
import { MAX_MESSAGE_CHARS, MAX_URL_CHARS } from '../constants.ts';
import { cap, type ModuleContext } from '../context.ts';
import type { ResolvedNetwork } from '../options.ts';
import { serialize } from '../serialize.ts';
import { bodySize, bodyText } from './body.ts';
import { pickHeaders } from './headers.ts';
import { absoluteUrl, isSdkUrl, urlAllowed } from './urls.ts';

/** A request being timed. `headers` / `bodies`: this URL is allowed and the site turned them on. */
export interface PendingRequest {
  payload: NetworkPayload;
  startedAt: number;
  headers: boolean;
  bodies: boolean;
}

/** Starts timing a request, or null for the SDK's own endpoints. */
export function startRequest(
  initiator: NetworkPayload['initiator'],
  method: string | undefined,
  url: string,
  body: unknown,
  options: ResolvedNetwork,
  ctx: ModuleContext,
): PendingRequest | null {
  const absolute = absoluteUrl(url, document.baseURI);
  if (isSdkUrl(absolute)) return null;
  const detail = urlAllowed(absolute, options.allowUrls);
  const payload: NetworkPayload = {
    initiator,
    method: (method || 'GET').toUpperCase(),
    url: cap(absolute, MAX_URL_CHARS),
    status: 0,
    startTime: ctx.now(),
    durationMs: 0,
    requestBytes: bodySize(body),
  };
  const pending = { payload, startedAt: performance.now(), headers: detail && options.headers, bodies: detail && options.bodies };
  if (pending.bodies) payload.requestBody = bodyText(body, options.maxBodyBytes);
  return pending;
}

/**
 * Stamps the status, the duration (ms, in 0.1 ms steps) and, when allowed, the filtered response
 * headers; `error` marks a request that got no response (status 0).
 */
export function endRequest(pending: PendingRequest, status: number, responseHeaders?: Iterable<[string, string]>, error?: unknown): NetworkPayload {
  const payload = pending.payload;
  payload.status = status;
  payload.durationMs = Math.round((performance.now() - pending.startedAt) * 10) / 10;
  if (pending.headers && responseHeaders) payload.responseHeaders = pickHeaders(responseHeaders);
  if (error !== undefined) payload.error = failureText(error);
  return payload;
}

/** "TypeError: Failed to fetch", "abort", or whatever was thrown, short. */
function failureText(error: unknown): string {
  const e = error as { name?: unknown; message?: unknown } | null;
  return e && typeof e.message == 'string' ? cap(`${e.name}: ${e.message}`, MAX_MESSAGE_CHARS) : serialize(error, MAX_MESSAGE_CHARS);
}

export const emitNetwork = (ctx: ModuleContext, payload: NetworkPayload): void => ctx.emit(CustomTag.Network, payload);
