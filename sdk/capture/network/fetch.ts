import { replaceMethod, type ModuleContext } from '../context.ts';
import type { ResolvedNetwork } from '../options.ts';
import { isTextType, readBodyText } from './body.ts';
import { emitNetwork, endRequest, startRequest, type PendingRequest } from './request.ts';

type FetchScope = { fetch: typeof fetch };

/**
 * Wraps scope.fetch. The page gets a promise that settles like the original's: the same response,
 * the same error (re-thrown, so an unhandled failure is still reported as one), and the original
 * runs with the same `this` and arguments. A response body is only read for allowed URLs with
 * bodies on, from a clone, capped.
 */
export function installFetch(scope: FetchScope, options: ResolvedNetwork, ctx: ModuleContext): () => void {
  const original = scope.fetch;
  const start = ctx.guard((input: RequestInfo | URL, init?: RequestInit | null) => {
    init = init || {};
    const request = input instanceof Request ? input : null;
    const p = startRequest('fetch', init.method || (request ? request.method : ''), request ? request.url : String(input), init.body, options, ctx);
    if (p.headers) {
      try {
        p.facts.requestHeaders = new Headers(init.headers || (request && request.headers) || undefined);
      } catch {
        // invalid headers: fetch itself rejects, and the failure is recorded without them
      }
    }
    return p;
  });
  const done = ctx.guard((p: PendingRequest, response: Response) => {
    const headers = response.headers;
    const payload = endRequest(p, response.status, headers);
    p.facts.contentLength = headers.get('content-length');
    if (!p.bodies || !isTextType(headers.get('content-type'))) return emitNetwork(ctx, payload);
    // Cloned now, before the page can read the body; read on the side.
    void readBodyText(response.clone(), options.maxBodyBytes).then(
      ctx.guard((text: string | undefined) => {
        payload.responseBody = text;
        emitNetwork(ctx, payload);
      }),
    );
  });
  const failed = ctx.guard((p: PendingRequest, error: unknown) => emitNetwork(ctx, endRequest(p, 0, undefined, error)));

  const wrapper = function (this: unknown, ...args: Parameters<typeof fetch>): Promise<Response> {
    const p = start(...args);
    const promise = original.apply(this, args);
    return !p || !promise || typeof promise.then != 'function'
      ? promise
      : promise.then(
          (response) => {
            done(p, response);
            return response;
          },
          (error: unknown) => {
            failed(p, error);
            throw error;
          },
        );
  };
  return replaceMethod(scope, 'fetch', wrapper);
}
