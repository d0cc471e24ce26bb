import { CustomTag, type NetworkPayload } from '../../../wire/index.ts';
import type { ModuleContext } from '../context.ts';
import type { ResolvedNetwork } from '../options.ts';
import { absoluteUrl, urlAllowed } from './urls.ts';

/** A request being timed. `headers` / `bodies`: this URL is allowed and the site turned them on. */
export interface PendingRequest {
  payload: NetworkPayload;
  facts: RequestFacts;
  startedAt: number;
  headers: boolean;
  bodies: boolean;
}

/**
 * What was seen of a request beside its timing, as it was: the client makes payload fields of it
 * (finish.ts) before anything is uploaded, so that work loads with the client. Kept small: the
 * body and header lists the page made anyway, and headers only where they are to be recorded.
 */
export interface RequestFacts {
  body: unknown;
  /** The request body is to be recorded (an allowed URL, bodies on). */
  bodies: boolean;
  requestHeaders?: Iterable<[string, string]>;
  /** Name/value pairs, or XMLHttpRequest.getAllResponseHeaders() text. */
  responseHeaders?: Iterable<[string, string]> | string;
  contentLength?: string | null;
  error?: unknown;
}

/** The facts of each recorded request, by its payload. */
export const requestFacts = new WeakMap<NetworkPayload, RequestFacts>();

/** Starts timing a request. */
export function startRequest(
  initiator: NetworkPayload['initiator'],
  method: string | undefined,
  url: string,
  body: unknown,
  options: ResolvedNetwork,
  ctx: ModuleContext,
): PendingRequest {
  const absolute = absoluteUrl(url, document.baseURI);
  const detail = urlAllowed(absolute, options.allowUrls);
  const payload: NetworkPayload = { initiator, method: method || 'GET', url: absolute, status: 0, startTime: ctx.now(), durationMs: 0 };
  const facts: RequestFacts = { body, bodies: detail && options.bodies };
  requestFacts.set(payload, facts);
  return { payload, facts, startedAt: performance.now(), headers: detail && options.headers, bodies: facts.bodies };
}

/**
 * Stamps the status, the duration (ms, in 0.1 ms steps) and, when allowed, the response headers;
 * `error` marks a request that got no response (status 0).
 */
export function endRequest(pending: PendingRequest, status: number, responseHeaders?: RequestFacts['responseHeaders'], error?: unknown): NetworkPayload {
  const payload = pending.payload;
  payload.status = status;
  payload.durationMs = Math.round((performance.now() - pending.startedAt) * 10) / 10;
  if (pending.headers) pending.facts.responseHeaders = responseHeaders;
  pending.facts.error = error;
  return payload;
}

export const emitNetwork = (ctx: ModuleContext, payload: NetworkPayload): void => ctx.emit(CustomTag.Network, payload);
