import { LOG_PREFIX } from '../constants.ts';

const warned = new Set<string>();

/**
 * Writes one console.warn per `key` for the life of the page, so a failing SDK never floods the
 * host's console. Never throws.
 */
export function warnOnce(key: string, message: string, error?: unknown): void {
  if (warned.has(key)) return;
  warned.add(key);
  try {
    if (typeof console === 'undefined' || typeof console.warn !== 'function') return;
    if (error === undefined) console.warn(`${LOG_PREFIX} ${message}`);
    else console.warn(`${LOG_PREFIX} ${message}`, error);
  } catch {
    // A hostile console.warn must not break us either.
  }
}
