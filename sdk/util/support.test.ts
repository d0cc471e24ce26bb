import { describe, expect, it } from 'vitest';
import { missingFeature } from './support.ts';

const complete = (): Record<string, unknown> => ({
  document: {},
  addEventListener: () => {},
  fetch: () => {},
  MutationObserver: function MutationObserver() {},
  Promise,
  WeakMap,
  Map,
  Set,
  Uint8Array,
  URL,
  TextEncoder,
  crypto: { getRandomValues: () => {} },
});

describe('missingFeature', () => {
  it('is null when everything is there', () => {
    expect(missingFeature(complete())).toBeNull();
  });

  it('names what is missing', () => {
    for (const name of ['addEventListener', 'fetch', 'MutationObserver', 'TextEncoder', 'document', 'crypto']) {
      const scope = complete();
      delete scope[name];
      expect(missingFeature(scope)).toBe(name === 'crypto' ? 'crypto.getRandomValues' : name);
    }
  });
});
