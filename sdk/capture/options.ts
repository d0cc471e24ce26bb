import type { Validation } from '../../wire/index.ts';

/** What a site passes as init({ capture }) to choose what is captured beside the DOM. */
export type CaptureOptions = Record<string, never>;

export type ResolvedCapture = Record<string, never>;

export function resolveCapture(input: unknown): Validation<ResolvedCapture> {
  if (input !== undefined && (typeof input !== 'object' || input === null)) {
    return { ok: false, message: 'capture must be an object' };
  }
  return { ok: true, value: {} };
}
