/**
 * Segment loading: one segment body fetched and decoded, and the cache the player streams
 * through (see segments-plan.ts for which segments it asks for).
 */
import type { RecordedEvent } from '../../../wire/index.ts';
import { ApiError, apiFetch, segmentUrl } from './api.ts';
import { evictions } from './segments-plan.ts';

const GZIP_MAGIC = [0x1f, 0x8b] as const;

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

function isEventLike(value: unknown): value is RecordedEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  return typeof event.type === 'number' && typeof event.timestamp === 'number' && Number.isFinite(event.timestamp);
}

/**
 * Decodes one segment body: gzip-compressed JSON array of rrweb events.
 * Plain JSON is accepted too, because an intermediary that honours Content-Encoding may already
 * have inflated it before it reaches us.
 */
export async function decodeSegment(bytes: Uint8Array<ArrayBuffer>): Promise<RecordedEvent[]> {
  let text: string;
  if (isGzip(bytes)) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    try {
      text = await new Response(stream).text();
    } catch {
      throw new Error('A recording segment is corrupt (gzip data could not be decompressed).');
    }
  } else {
    text = new TextDecoder().decode(bytes);
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('A recording segment is corrupt (not valid JSON).');
  }
  if (!Array.isArray(parsed)) throw new Error('A recording segment is corrupt (expected a list of events).');
  // Drop malformed entries instead of failing the whole replay: the player tolerates gaps.
  return parsed.filter(isEventLike);
}

export async function fetchSegment(
  projectId: string,
  sessionId: string,
  index: number,
  signal?: AbortSignal,
): Promise<RecordedEvent[]> {
  const response = await apiFetch(segmentUrl(projectId, sessionId, index), signal);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(`Segment ${index} could not be downloaded.`, 0, 'network');
  }
  return decodeSegment(bytes);
}

/**
 * A tab's segments as the player asks for them: each fetched once however often it is asked
 * for (a request on its way is shared), kept until evicted, least recently used first.
 */
export class SegmentCache<T> {
  #loaded = new Map<number, T>();
  #pending = new Map<number, Promise<T>>();
  /** Loaded positions, least recently used first. */
  #recent: number[] = [];

  readonly #fetchOne: (position: number) => Promise<T>;
  readonly #capacity: number;

  constructor(fetchOne: (position: number) => Promise<T>, capacity: number) {
    this.#fetchOne = fetchOne;
    this.#capacity = capacity;
  }

  has(position: number): boolean {
    return this.#loaded.has(position);
  }

  /** A loaded segment, marked as just used; undefined when it is not loaded. */
  get(position: number): T | undefined {
    const value = this.#loaded.get(position);
    if (value !== undefined) this.#touch(position);
    return value;
  }

  load(position: number): Promise<T> {
    const loaded = this.get(position);
    if (loaded !== undefined) return Promise.resolve(loaded);
    let pending = this.#pending.get(position);
    if (pending === undefined) {
      pending = this.#fetchOne(position).then(
        (value) => {
          this.#pending.delete(position);
          this.#loaded.set(position, value);
          this.#touch(position);
          return value;
        },
        (error: unknown) => {
          this.#pending.delete(position);
          throw error;
        },
      );
      this.#pending.set(position, pending);
    }
    return pending;
  }

  /** Drops segments beyond capacity, never those in `keep`. */
  trim(keep: ReadonlySet<number>): void {
    for (const position of evictions(this.#recent, this.#capacity, keep)) {
      this.#loaded.delete(position);
      this.#recent = this.#recent.filter((p) => p !== position);
    }
  }

  #touch(position: number): void {
    this.#recent = [...this.#recent.filter((p) => p !== position), position];
  }
}
