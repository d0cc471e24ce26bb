/**
 * Segment loading, kept apart from the player so streaming and seek-by-segment can replace
 * "load everything in order" without touching playback.
 */
import type { RecordedEvent, SegmentInfo } from '../../../wire/index.ts';
import { ApiError, apiFetch, segmentUrl } from './api.ts';

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

export interface LoadProgress {
  loaded: number;
  total: number;
}

/** Loads every segment in index order and concatenates their events. */
export async function loadAllSegments(
  projectId: string,
  sessionId: string,
  segments: readonly SegmentInfo[],
  options: { signal?: AbortSignal; onProgress?: (progress: LoadProgress) => void } = {},
): Promise<RecordedEvent[]> {
  const ordered = [...segments].sort((a, b) => a.index - b.index);
  const events: RecordedEvent[] = [];
  options.onProgress?.({ loaded: 0, total: ordered.length });
  for (const [i, info] of ordered.entries()) {
    const chunk = await fetchSegment(projectId, sessionId, info.index, options.signal);
    for (const event of chunk) events.push(event);
    options.onProgress?.({ loaded: i + 1, total: ordered.length });
  }
  return events;
}
