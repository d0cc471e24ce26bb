import type { CapturedAsset } from '../../wire/assets.ts';
import type { LiveBatch, RecordedEvent, SegmentInfo } from '../../wire/index.ts';
import { catchUp, segmentsToRead, type TabBatches } from './catch-up.ts';

/** The session DO's view of its own storage, read synchronously, plus its written segments in R2. */
export interface CatchUpSource {
  /** Pending (not yet written out) batches per tab, each tab's in seq order. */
  pendingByTab(): ReadonlyMap<string, readonly LiveBatch[]>;
  /** Segments already written to R2. */
  segments(): SegmentInfo[];
  /** URLs captured in the written segments (the state's list). */
  capturedAssets(): readonly CapturedAsset[];
  readSegment(segment: SegmentInfo): Promise<RecordedEvent[] | null>;
}

/** Reading segments yields to other requests; a session rarely writes out more than this while one viewer connects. */
const MAX_ATTEMPTS = 3;

/**
 * A new viewer's catch-up. When a tab's latest snapshot was already written to R2, its segment
 * is read back; reading yields, so a batch or a write-out may land meanwhile, and the plan is
 * checked again against storage as it is after the read. The result is computed from one
 * synchronous read of storage, so the caller can accept the viewer in that same turn.
 */
export async function loadCatchUp(source: CatchUpSource): Promise<TabBatches[]> {
  const written = new Map<number, RecordedEvent[]>();
  for (let attempt = 1; ; attempt++) {
    const pending = source.pendingByTab();
    const segments = source.segments();
    const missing = segmentsToRead(pending, segments).filter((s) => !written.has(s.index));
    // Out of attempts, tabs whose segment is still unread are left out of the catch-up; their next snapshot brings them back.
    if (missing.length === 0 || attempt > MAX_ATTEMPTS) return catchUp(pending, segments, written, source.capturedAssets());
    const events = await Promise.all(missing.map((s) => source.readSegment(s)));
    missing.forEach((s, i) => written.set(s.index, events[i] ?? []));
  }
}

/** A segment's events as written: gzip JSON in R2. Null when the object is gone. */
export async function readSegmentEvents(bucket: R2Bucket, key: string): Promise<RecordedEvent[] | null> {
  const object = await bucket.get(key);
  if (!object) return null;
  return new Response(object.body.pipeThrough(new DecompressionStream('gzip'))).json<RecordedEvent[]>();
}
