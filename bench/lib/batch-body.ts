/**
 * Gzip request bodies at the rate a load test needs. Every simulated session sends the same events
 * (same timestamps, same marks) and differs only in the few header fields at the front of the
 * JSON, so the events are deflated once per batch and each request deflates just its header:
 * a deflate stream flushed to a byte boundary may be followed by another stream's blocks, and
 * the gzip trailer's CRC-32 continues over both parts. Without this the client's gzip, not the
 * server, would set the measured request rate.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { WIRE_VERSION, type IngestBatch, type RecordedEvent } from '../../wire/index.ts';

/** ID1 ID2, deflate, no flags, no mtime, no extra flags, unknown OS (RFC 1952). */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);

/** The constant end of a batch's JSON, `"events":[…]}`, raw and deflated. */
export interface BatchTail {
  raw: Buffer;
  deflated: Buffer;
  eventCount: number;
}

export type BatchHead = Omit<IngestBatch, 'v' | 'events'>;

export function compressTail(events: RecordedEvent[]): BatchTail {
  const raw = Buffer.from(JSON.stringify({ events }).slice(1));
  return { raw, deflated: deflateRawSync(raw), eventCount: events.length };
}

/** The gzip body of `{ v, ...head, events }`, events taken from `tail`. */
export function gzipBatch(head: BatchHead, tail: BatchTail): Buffer {
  const headJson = JSON.stringify({ v: WIRE_VERSION, ...head });
  const rawHead = Buffer.from(`${headJson.slice(0, -1)},`);
  // Not final, and ending on a byte boundary: the tail's blocks follow directly.
  const deflatedHead = deflateRawSync(rawHead, { finishFlush: constants.Z_SYNC_FLUSH });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(tail.raw, crc32(rawHead)), 0);
  trailer.writeUInt32LE((rawHead.length + tail.raw.length) % 2 ** 32, 4);
  return Buffer.concat([GZIP_HEADER, deflatedHead, tail.deflated, trailer]);
}

/** Raw JSON bytes of the batch `gzipBatch` makes, for MB/s figures. */
export const rawBatchBytes = (head: BatchHead, tail: BatchTail) =>
  Buffer.byteLength(JSON.stringify({ v: WIRE_VERSION, ...head })) + tail.raw.length;
