import { gzipSync, strToU8 } from 'fflate';
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

export interface EncodedBatch {
  /** gzip of the UTF-8 JSON: the request body. Retries resend exactly these bytes. */
  body: Uint8Array;
  /** UTF-8 size of the JSON before compression (the server caps it at MAX_BATCH_BYTES). */
  jsonBytes: number;
}

/** Encodes a batch once; fflate's gzip runs on the main thread for now. */
export function encodeBatch(header: BatchHeader, serializedEvents: readonly string[]): EncodedBatch {
  const json = strToU8(batchJson(header, serializedEvents));
  return { body: gzipSync(json), jsonBytes: json.length };
}
