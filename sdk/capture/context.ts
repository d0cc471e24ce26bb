import type { CustomPayloads, CustomTag } from '../../wire/index.ts';
import type { CaptureSink } from './index.ts';
import type { Guard } from './guard.ts';

/** What one capture module gets: the sink (throttled, silent once the module is off) and its guard. */
export interface ModuleContext extends Omit<CaptureSink, 'emit'> {
  guard: Guard;
  /** A payload given as a function is built only when the flood limit lets the signal through. */
  emit<T extends CustomTag>(tag: T, payload: CustomPayloads[T] | (() => CustomPayloads[T])): void;
}

/** Cuts `text` to `max` chars, marking the cut with an ellipsis. */
export const cap = (text: string, max: number): string => (text.length > max ? text.slice(0, max) + '…' : text);

/**
 * Puts `wrapper` in place of target[name]. The returned restore puts the original back only if
 * nobody wrapped it since; otherwise our wrapper stays and passes through.
 */
export function replaceMethod<T extends object, K extends keyof T>(target: T, name: K, wrapper: T[K]): () => void {
  const original = target[name];
  target[name] = wrapper;
  return () => {
    if (target[name] === wrapper) target[name] = original;
  };
}

/** Adds `listener` for each of `types`; returns the function that removes them all. */
export function listen(
  target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>,
  types: string[],
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  listener: (event: any) => void,
  options?: AddEventListenerOptions,
): () => void {
  for (const type of types) target.addEventListener(type, listener, options);
  return () => {
    for (const type of types) target.removeEventListener(type, listener, options);
  };
}
