import type { Validation } from '../../wire/index.ts';

/** Privacy settings a site passes as init({ privacy }). */
export interface PrivacyOptions {
  /** Mask the value of every input, textarea and select. Default true; passwords are always masked. */
  maskAllInputs?: boolean;
}

export interface ResolvedPrivacy {
  maskAllInputs: boolean;
}

export function resolvePrivacy(input: unknown): Validation<ResolvedPrivacy> {
  if (input === undefined) return { ok: true, value: { maskAllInputs: true } };
  if (typeof input !== 'object' || input === null) return { ok: false, message: 'privacy must be an object' };
  const o = input as Record<string, unknown>;
  if (o.maskAllInputs !== undefined && typeof o.maskAllInputs !== 'boolean') {
    return { ok: false, message: 'privacy.maskAllInputs must be a boolean' };
  }
  return { ok: true, value: { maskAllInputs: o.maskAllInputs !== false } };
}
