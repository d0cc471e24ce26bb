import { cap, listen, replaceMethod, type ModuleContext } from '../context.ts';
import type { ResolvedNetwork } from '../options.ts';
import { isTextType } from './body.ts';
import { emitNetwork, endRequest, startRequest } from './request.ts';

interface XhrState {
  method: string;
  url: string;
  /** Request headers as set, filtered when reported. */
  headers: Array<[string, string]>;
  /** send() was seen: a second send() of the same request is not timed again. */
  sent?: boolean;
  /** 'error' / 'abort' / 'timeout' when that event came before loadend. */
  error?: string;
}

const END_EVENTS = ['error', 'abort', 'timeout', 'loadend'];

/**
 * Wraps XMLHttpRequest.prototype open / setRequestHeader / send. Each original runs with the same
 * `this` and arguments (so sync requests, abort and open()'s async default are untouched) and its
 * result is returned. A request is reported at 'loadend', which sync requests fire too.
 */
export function installXhr(scope: { XMLHttpRequest: typeof XMLHttpRequest }, options: ResolvedNetwork, ctx: ModuleContext): () => void {
  const proto = scope.XMLHttpRequest.prototype;
  const { open, setRequestHeader, send } = proto;
  const states = new WeakMap<XMLHttpRequest, XhrState>();

  const onOpen = ctx.guard((xhr: XMLHttpRequest, method: unknown, url: unknown) => {
    states.set(xhr, { method: String(method), url: String(url), headers: [] });
  });
  const onHeader = ctx.guard((xhr: XMLHttpRequest, name: string, value: string) => {
    const state = states.get(xhr);
    if (state) state.headers.push([name, value]);
  });
  const onSend = ctx.guard((xhr: XMLHttpRequest, body: unknown) => {
    const state = states.get(xhr);
    if (!state || state.sent) return;
    state.sent = true;
    const pending = startRequest('xhr', state.method, state.url, body, options, ctx);
    const unlisten = listen(xhr, END_EVENTS, ctx.guard((event: Event) => {
      if (event.type != 'loadend') return void (state.error = event.type);
      unlisten();
      // A later open() on the same object started a new request: this one is gone.
      if (states.get(xhr) != state) return;
      const status = xhr.status;
      const payload = endRequest(pending, status, pending.headers ? xhr.getAllResponseHeaders() : undefined);
      if (pending.headers) pending.facts.requestHeaders = state.headers;
      pending.facts.contentLength = xhr.getResponseHeader('content-length');
      if (!status) payload.error = state.error || 'error';
      const type = xhr.responseType;
      if (pending.bodies && (type == '' || type == 'text') && isTextType(xhr.getResponseHeader('content-type'))) {
        payload.responseBody = cap(xhr.responseText, options.maxBodyBytes);
      }
      emitNetwork(ctx, payload);
    }));
  });

  const wrappers: Pick<XMLHttpRequest, 'open' | 'setRequestHeader' | 'send'> = {
    open(this: XMLHttpRequest, ...args: [string, string | URL]) {
      const result = (open as (...a: unknown[]) => void).apply(this, args);
      onOpen(this, args[0], args[1]);
      return result;
    },
    setRequestHeader(this: XMLHttpRequest, ...args: [string, string]) {
      const result = setRequestHeader.apply(this, args);
      onHeader(this, ...args);
      return result;
    },
    send(this: XMLHttpRequest, ...args: [XMLHttpRequestBodyInit | null | undefined]) {
      onSend(this, args[0]);
      return send.apply(this, args);
    },
  };
  const restores = (['open', 'setRequestHeader', 'send'] as const).map((name) => replaceMethod(proto, name, wrappers[name]));
  return () => restores.forEach((restore) => restore());
}
