import { CustomTag, type ConsolePayload } from '../../wire/index.ts';
import { LOG_PREFIX } from '../constants.ts';
import { MAX_ARG_CHARS, MAX_CONSOLE_CHARS, MAX_STACK_CHARS } from './constants.ts';
import { cap, replaceMethod, type ModuleContext } from './context.ts';
import type { ConsoleLevel } from './options.ts';
import { serialize } from './serialize.ts';

type ConsoleLike = Partial<Record<ConsoleLevel, (...args: unknown[]) => unknown>>;

/**
 * Wraps the console methods of `levels`. The original always runs first, with the same `this` and
 * arguments, and its result is returned; recording happens after it and never throws. The SDK's
 * own messages, and anything logged while a call is being recorded, are not recorded.
 */
export function installConsole(target: ConsoleLike, levels: ConsoleLevel[], ctx: ModuleContext): () => void {
  let busy = false;
  // The payload is built only once the flood limit lets the call through: serialising arguments
  // and formatting the stack are what a console flood would cost, not the Error taken meanwhile.
  const record = ctx.guard((level: ConsoleLevel, args: unknown[], error: Error | undefined) => {
    const first = args[0];
    if (!(typeof first == 'string' && first.startsWith(LOG_PREFIX))) {
      ctx.emit(CustomTag.Console, () => consolePayload(level, args, error && callerStack(error.stack)));
    }
  });
  const restores = levels.map((level) => {
    const original = target[level];
    if (typeof original != 'function') return () => {};
    return replaceMethod(target, level, function (this: unknown, ...args: unknown[]): unknown {
      try {
        return original.apply(this, args);
      } finally {
        if (!busy && !ctx.guard.off) {
          busy = true;
          record(level, args, level == 'warn' || level == 'error' ? new Error() : undefined);
          busy = false;
        }
      }
    });
  });
  return () => restores.forEach((restore) => restore());
}

/** Arguments serialised one by one, each capped, until the call's total budget is spent. */
export function consolePayload(level: ConsoleLevel, args: unknown[], stack?: string): ConsolePayload {
  let left = MAX_CONSOLE_CHARS;
  const payload: ConsolePayload = {
    level,
    args: args.map((arg) => {
      const text = left > 0 ? serialize(arg, Math.min(MAX_ARG_CHARS, left)) : '…';
      left -= text.length;
      return text;
    }),
  };
  if (stack) payload.stack = stack;
  return payload;
}

/**
 * The caller's stack from one taken inside the console wrapper: drops the "Error" header line
 * (V8) and the wrapper's own frame. Undefined when nothing is left.
 */
export function callerStack(stack: string | undefined): string | undefined {
  const lines = (stack || '').split('\n');
  if (lines[0]!.startsWith('Error')) lines.shift();
  return cap(lines.slice(1).join('\n'), MAX_STACK_CHARS) || undefined;
}
