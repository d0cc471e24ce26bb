import { LIVE_FLUSH_INTERVAL_MS, MAX_EVENTS_PER_BATCH, type RecordedEvent } from '../../wire/index.ts';
import { FIRST_FLUSH_DELAY_MS } from '../constants.ts';
import { serializeEvent } from './serializeEvent.ts';

export interface BatchLimits {
  /** Cut when this long has passed since the first event in the buffer. */
  flushIntervalMs: number;
  /** Cut when the serialized events reach this size. */
  maxSerializedBytes: number;
}

export type CutReason = 'time' | 'size' | 'count';

/**
 * Events waiting for the next batch, kept already serialized: each event is stringified once,
 * its size is known exactly, and the batch body is a join, not a second stringify.
 */
export class EventBuffer {
  private parts: string[] = [];
  private bytes = 0;
  private firstAt: number | null = null;

  get count(): number {
    return this.parts.length;
  }

  /** Size of the serialized events (UTF-16 code units; equals bytes for ASCII JSON). */
  get serializedBytes(): number {
    return this.bytes;
  }

  /** When the oldest buffered event was added, or null when empty. */
  get firstAddedAt(): number | null {
    return this.firstAt;
  }

  /** Adds one event; false (and nothing added) when it cannot be serialized. */
  add(event: RecordedEvent, now: number): boolean {
    const json = serializeEvent(event);
    if (json === null) return false;
    this.addSerialized(json, now);
    return true;
  }

  /** Adds one event serialized earlier (moved over from the ring buffer). */
  addSerialized(json: string, now: number): void {
    this.parts.push(json);
    this.bytes += json.length;
    if (this.firstAt === null) this.firstAt = now;
  }

  /** Removes and returns the serialized events, oldest first. */
  take(): string[] {
    const parts = this.parts;
    this.parts = [];
    this.bytes = 0;
    this.firstAt = null;
    return parts;
  }
}

/**
 * How long the next batch collects events: the configured interval, at most LIVE_FLUSH_INTERVAL_MS
 * while someone watches the session live, and at most FIRST_FLUSH_DELAY_MS for the first batch of
 * a page view.
 */
export function batchIntervalMs(configuredMs: number, state: { live: boolean; firstBatch: boolean }): number {
  let ms = configuredMs;
  if (state.live) ms = Math.min(ms, LIVE_FLUSH_INTERVAL_MS);
  if (state.firstBatch) ms = Math.min(ms, FIRST_FLUSH_DELAY_MS);
  return ms;
}

/** Why the buffer should be cut into a batch now, or null to keep collecting. */
export function cutReason(buffer: EventBuffer, now: number, limits: BatchLimits): CutReason | null {
  if (buffer.count === 0) return null;
  if (buffer.serializedBytes >= limits.maxSerializedBytes) return 'size';
  if (buffer.count >= MAX_EVENTS_PER_BATCH) return 'count';
  const firstAt = buffer.firstAddedAt;
  if (firstAt !== null && now - firstAt >= limits.flushIntervalMs) return 'time';
  return null;
}

/** ms until the buffer is due for a time cut (0 when due), or null when empty. */
export function msUntilTimeCut(buffer: EventBuffer, now: number, limits: BatchLimits): number | null {
  const firstAt = buffer.firstAddedAt;
  if (firstAt === null) return null;
  return Math.max(0, firstAt + limits.flushIntervalMs - now);
}
