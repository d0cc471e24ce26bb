/**
 * The first browser feature the SDK needs but `scope` lacks, or null when everything is there.
 * The SDK switches itself off instead of failing half-way in old or unusual environments.
 */
export function missingFeature(scope: Record<string, unknown>): string | null {
  if (typeof scope.document !== 'object' || scope.document === null) return 'document';
  if (typeof scope.addEventListener !== 'function') return 'window.addEventListener';
  const needed = ['fetch', 'MutationObserver', 'Promise', 'WeakMap', 'Map', 'Set', 'Uint8Array', 'URL', 'TextEncoder'];
  for (const name of needed) {
    if (typeof scope[name] !== 'function') return name;
  }
  const crypto = scope.crypto as { getRandomValues?: unknown } | undefined;
  if (typeof crypto?.getRandomValues !== 'function') return 'crypto.getRandomValues';
  return null;
}
