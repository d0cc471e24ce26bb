import { warnOnce } from '../util/warn.ts';

/**
 * Wraps a module's callbacks so an internal error never reaches the host page: the first one turns
 * the module `off` (its wrappers then only pass through to the originals) and writes one warning.
 * A guarded function returns undefined when the module is off or the call failed.
 */
export interface Guard {
  <A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R | undefined;
  off: boolean;
}

export function createGuard(name: string): Guard {
  const guard = (<A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R | undefined => {
      if (guard.off) return undefined;
      try {
        return fn(...args);
      } catch (error) {
        guard.off = true;
        warnOnce(`capture-${name}`, `${name} capture failed and is off`, error);
        return undefined;
      }
    }) as Guard;
  guard.off = false;
  return guard;
}
