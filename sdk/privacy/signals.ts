import { scrub } from './scrub.ts';

/**
 * Console arguments, error messages, URLs and request bodies are free text from the page: scrub
 * emails and card numbers in every string of a captured signal, as the replay does in its text.
 * Payloads are small and flood-limited, so one walk per signal is cheap.
 */
export function scrubSignal<T>(payload: T): T {
  return scrubValue(payload) as T;
}

function scrubValue(value: unknown): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map(scrubValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = scrubValue((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}
