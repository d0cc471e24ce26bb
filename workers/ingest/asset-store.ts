import type { RecordedEvent } from '../../wire/index.ts';
import { assetRef } from '../../wire/assets.ts';
import { logEvent } from '../log.ts';
import { CLAIMED, chunk, dayNumber } from '../retention/plan.ts';
import { extractAssets, type Asset } from './assets.ts';

/** R2 key of an asset. Content-addressed: shared by every session of every project. */
export const assetKey = (hash: string) => `assets/${hash}`;

/**
 * The UTC day this isolate last marked each hash seen in D1 (and made sure R2 has it), so a
 * stylesheet every page view carries costs one D1 upsert and one R2 head per isolate per day, not
 * per batch. Safe to trust for the rest of that day: the retention job only deletes assets last
 * seen days before (workers/retention/README.md). Emptied when full to bound the isolate's memory.
 */
const seenOn = new Map<string, number>();
const SEEN_MAX = 20_000;

export interface AssetMetrics {
  r2Puts: number;
  r2Heads: number;
  /** Bytes put to R2. */
  bytes: number;
  d1RowsWritten: number;
}

export interface StoredAssets {
  metrics: AssetMetrics;
  /**
   * Hashes the retention job is deleting at this moment: not stored, so the batch must keep these
   * assets inline rather than refer to an object that may be gone a moment later.
   */
  claimed: Set<string>;
}

/**
 * Marks the assets seen today in D1, then writes those R2 does not have yet. Resolves once every
 * one of them is durable. The D1 mark comes first: from then on the retention job cannot claim
 * them (see workers/retention/README.md), so R2's answer to the head stays true.
 */
export async function storeAssets(env: Pick<Env, 'BUCKET' | 'DB'>, assets: Iterable<Asset>, now = Date.now()): Promise<StoredAssets> {
  const metrics: AssetMetrics = { r2Puts: 0, r2Heads: 0, bytes: 0, d1RowsWritten: 0 };
  const today = dayNumber(now);
  const fresh = [...assets].filter((a) => seenOn.get(a.hash) !== today);
  if (fresh.length === 0) return { metrics, claimed: new Set() };
  const { claimed, rowsWritten } = await markSeen(env.DB, fresh.map((a) => a.hash), today);
  metrics.d1RowsWritten = rowsWritten;
  await Promise.all(
    fresh.map(async ({ hash, contentType, bytes }) => {
      if (claimed.has(hash)) return;
      const key = assetKey(hash);
      metrics.r2Heads++;
      if ((await env.BUCKET.head(key)) === null) {
        // sha256: R2 refuses the put if the bytes arrived other than hashed.
        await env.BUCKET.put(key, bytes, { httpMetadata: { contentType }, sha256: hash });
        metrics.r2Puts++;
        metrics.bytes += bytes.byteLength;
      }
      if (seenOn.size >= SEEN_MAX) seenOn.clear();
      seenOn.set(hash, today);
    }),
  );
  return { metrics, claimed };
}

/**
 * One D1 batch (one transaction): each asset's last_seen_day moves up to today unless the
 * retention job has claimed it, then the claimed ones are read back. A day that is already
 * today writes nothing, so only an asset's first sighting of the day costs a row.
 */
async function markSeen(db: D1Database, hashes: string[], today: number): Promise<{ claimed: Set<string>; rowsWritten: number }> {
  const upserts = chunk(hashes, 2).map((part) =>
    db
      .prepare(
        `INSERT INTO assets (hash, last_seen_day) VALUES ${part.map(() => '(?, ?)').join(', ')}
         ON CONFLICT (hash) DO UPDATE SET last_seen_day = excluded.last_seen_day
         WHERE assets.last_seen_day <> ${CLAIMED} AND assets.last_seen_day < excluded.last_seen_day`,
      )
      .bind(...part.flatMap((hash) => [hash, today])),
  );
  const reads = chunk(hashes, 1, 1).map((part) =>
    db.prepare(`SELECT hash FROM assets WHERE last_seen_day = ? AND hash IN (${part.map(() => '?').join(', ')})`).bind(CLAIMED, ...part),
  );
  const results = await db.batch<{ hash: string }>([...upserts, ...reads]);
  return {
    claimed: new Set(results.slice(upserts.length).flatMap((r) => r.results.map((row) => row.hash))),
    rowsWritten: results.reduce((n, r) => n + (r.meta.rows_written ?? 0), 0),
  };
}

/**
 * Moves the events' long data: URLs and stylesheet text to R2, leaving references in the events
 * (changed in place). True when the events changed: the JSON text they were parsed from then no
 * longer matches them. The assets are stored before this resolves, so a batch is only
 * acknowledged once everything it refers to is in R2.
 */
export async function splitOutAssets(events: RecordedEvent[], env: Pick<Env, 'BUCKET' | 'DB'>): Promise<boolean> {
  const assets = await extractAssets(events);
  if (assets.size === 0) return false;
  const { metrics, claimed } = await storeAssets(env, assets.values());
  if (claimed.size > 0) putBackInline(events, new Map([...claimed].map((hash) => [assetRef(hash), assets.get(hash)!])));
  // Assets this isolate already handled today cost no R2 or D1 call, so no line: under wrangler
  // dev a log line costs workerd 0.3-0.5 ms of CPU, nearly as much as parsing a whole batch.
  if (metrics.r2Heads > 0 || metrics.d1RowsWritten > 0 || claimed.size > 0) {
    logEvent('asset.stored', { ...metrics, assets: assets.size, keptInline: claimed.size });
  }
  return true;
}

const utf8 = new TextDecoder();

/**
 * Replaces references by the content they stand for: stylesheet text as it was, a data: URL as
 * base64 of the same bytes. Walks like extractAssets (no recursion: DOM trees nest deep).
 */
function putBackInline(events: RecordedEvent[], byRef: Map<string, Asset>): void {
  const stack: object[] = [...events];
  while (stack.length > 0) {
    const holder = stack.pop() as Record<string, unknown>;
    for (const key in holder) {
      const value = holder[key];
      if (typeof value === 'object' && value !== null) stack.push(value);
      if (typeof value !== 'string') continue;
      const asset = byRef.get(value);
      if (asset) holder[key] = key === '_cssText' ? utf8.decode(asset.bytes) : `data:${asset.contentType};base64,${toBase64(asset.bytes)}`;
    }
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
