import { CustomTag, type ErrorPayload } from '../../wire/index.ts';
import { MAX_MESSAGE_CHARS, MAX_STACK_CHARS } from './constants.ts';
import { cap, listen, type ModuleContext } from './context.ts';
import { serialize } from './serialize.ts';

type ErrorTarget = Pick<Window, 'addEventListener' | 'removeEventListener'>;

/**
 * Uncaught script errors (window 'error' ErrorEvents; resource load errors do not bubble to window
 * and are plain Events without a message, so they are left out) and unhandled promise rejections.
 */
export function installErrors(win: ErrorTarget, ctx: ModuleContext): () => void {
  const onEvent = ctx.guard((e: ErrorEvent & PromiseRejectionEvent) => {
    if (e.type != 'error') return ctx.emit(CustomTag.Error, errorPayload('unhandledrejection', e.reason));
    if (typeof e.message != 'string') return;
    const payload = errorPayload('error', e.error);
    payload.message = cap(e.message, MAX_MESSAGE_CHARS) || payload.message;
    if (e.filename) payload.source = cap(e.filename, MAX_MESSAGE_CHARS);
    if (e.lineno) payload.line = e.lineno;
    if (e.colno) payload.column = e.colno;
    ctx.emit(CustomTag.Error, payload);
  });
  return listen(win, ['error', 'unhandledrejection'], onEvent);
}

/** An ErrorPayload from whatever was thrown or rejected: Error-like values keep name and stack. */
export function errorPayload(kind: ErrorPayload['kind'], reason: unknown): ErrorPayload {
  const r = reason as { name?: unknown; message?: unknown; stack?: unknown } | null;
  if (!r || typeof r.message != 'string') return { kind, message: serialize(reason, MAX_MESSAGE_CHARS) };
  const payload: ErrorPayload = { kind, message: cap(r.message, MAX_MESSAGE_CHARS) };
  if (typeof r.name == 'string') payload.name = r.name;
  if (typeof r.stack == 'string') payload.stack = cap(r.stack, MAX_STACK_CHARS);
  return payload;
}
