/**
 * The first browser feature the SDK needs but `scope` lacks, or null when everything is there.
 * The SDK switches itself off instead of failing half-way in old or unusual environments. What a
 * browser that parses the bundle (ES2020) always has (Promise, Map, WeakMap, typed arrays, URL)
 * is not asked for.
 */
export function missingFeature(scope: Record<string, any>): string | null {
  if (typeof scope.document != 'object' || !scope.document) return 'document';
  for (const name of ['addEventListener', 'fetch', 'MutationObserver', 'TextEncoder']) {
    if (typeof scope[name] != 'function') return name;
  }
  return typeof scope.crypto?.getRandomValues != 'function' ? 'crypto.getRandomValues' : null;
}
