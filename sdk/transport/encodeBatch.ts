import { strToU8 } from 'fflate';
import { WIRE_VERSION, type IngestBatch } from '../../wire/index.ts';

export type BatchHeader = Omit<IngestBatch, 'events' | 'v'>;

/**
 * JSON text of an IngestBatch whose events are already serialized. Equal, once parsed, to
 * JSON.stringify({ v, ...header, events }).
 */
export function batchJson(header: BatchHeader, serializedEvents: readonly string[]): string {
  const head = JSON.stringify({
    v: WIRE_VERSION,
    sessionId: header.sessionId,
    seq: header.seq,
    final: header.final,
    sentAt: header.sentAt,
  } satisfies Omit<IngestBatch, 'events'>);
  return `${head.slice(0, -1)},"events":[${serializedEvents.join(',')}]}`;
}

/** UTF-8 of the batch JSON: what gets compressed. Its length is what the server caps at MAX_BATCH_BYTES. */
export function batchBytes(header: BatchHeader, serializedEvents: readonly string[]): Uint8Array {
  return strToU8(batchJson(header, serializedEvents));
}
