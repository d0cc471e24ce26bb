import type { RecordedEvent } from '../../wire/index.ts';

/**
 * An event's JSON, made once when it is buffered (batches are joined from these strings), or
 * null when it cannot be serialized (a cycle or BigInt a plugin put in) and must be skipped.
 */
export function serializeEvent(event: RecordedEvent): string | null {
  try {
    const json = JSON.stringify(event);
    return typeof json === 'string' ? json : null;
  } catch {
    return null;
  }
}
