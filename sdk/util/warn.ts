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
    console.warn(`${LOG_PREFIX} ${message}`, ...(error === undefined ? [] : [error]));
  } catch {
    // No console, or a hostile one: it must not break us either.
  }
}
