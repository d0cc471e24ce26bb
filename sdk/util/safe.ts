import { warnOnce } from './warn.ts';

/**
 * Wraps a callback the browser or a timer will call, so an SDK bug never surfaces in the host page
 * (as an uncaught error or an unhandled rejection). `onError` runs after the warning.
 */
export function safe<A extends unknown[]>(
  fn: (...args: A) => void,
  onError?: (error: unknown) => void,
): (...args: A) => void {
  return (...args: A) => {
    try {
      fn(...args);
    } catch (error) {
      warnOnce('internal', 'internal error; recording stopped', error);
      try {
        onError?.(error);
      } catch {
        // nothing left to do
      }
    }
  };
}
