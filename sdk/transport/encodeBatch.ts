import { WIRE_VERSION, type IngestBatch } from '../../wire/index.ts';

export type BatchHeader = Omit<IngestBatch, 'events' | 'v'>;

/**
 * JSON text of an IngestBatch whose events are already serialized. Equal, once parsed, to
 * JSON.stringify({ v, ...header, events }). Its UTF-8 is what gets compressed.
 */
export function batchJson(header: BatchHeader, serializedEvents: readonly string[]): string {
  const head = JSON.stringify({
    v: WIRE_VERSION,
    sessionId: header.sessionId,
    tab: header.tab,
    seq: header.seq,
    final: header.final,
    sentAt: header.sentAt,
  } satisfies Omit<IngestBatch, 'events'>);
  return `${head.slice(0, -1)},"events":[${serializedEvents.join(',')}]}`;
}

/** UTF-8 bytes of `text`, with the browser's native encoder. */
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
