import type { RecordedEvent } from '../../wire/index.ts';
import { logEvent } from '../log.ts';
import { extractAssets, type Asset } from './assets.ts';

/** R2 key of an asset. Content-addressed: shared by every session of every project. */
export const assetKey = (hash: string) => `assets/${hash}`;

/**
 * Hashes this isolate has seen in R2 (or put there), so a stylesheet every page view carries costs
 * one R2 head per isolate instead of one per batch. Assets are never deleted, so a remembered hash
 * stays true; the set is emptied when full to bound the isolate's memory.
 */
const knownHashes = new Set<string>();
const KNOWN_HASHES_MAX = 20_000;

export interface AssetMetrics {
  r2Puts: number;
  r2Heads: number;
  /** Bytes put to R2. */
  bytes: number;
}

/** Writes the assets R2 does not have yet. Resolves once every one of them is durable. */
export async function storeAssets(bucket: R2Bucket, assets: Iterable<Asset>): Promise<AssetMetrics> {
  const metrics: AssetMetrics = { r2Puts: 0, r2Heads: 0, bytes: 0 };
  await Promise.all(
    [...assets].map(async ({ hash, contentType, bytes }) => {
      if (knownHashes.has(hash)) return;
      const key = assetKey(hash);
      metrics.r2Heads++;
      if ((await bucket.head(key)) === null) {
        // sha256: R2 refuses the put if the bytes arrived other than hashed.
        await bucket.put(key, bytes, { httpMetadata: { contentType }, sha256: hash });
        metrics.r2Puts++;
        metrics.bytes += bytes.byteLength;
      }
      if (knownHashes.size >= KNOWN_HASHES_MAX) knownHashes.clear();
      knownHashes.add(hash);
    }),
  );
  return metrics;
}

/**
 * Moves the events' long data: URLs and stylesheet text to R2, leaving references in the events
 * (changed in place). True when anything moved: the JSON text the events were parsed from then no
 * longer matches them. The assets are stored before this resolves, so a batch is only
 * acknowledged once everything it refers to is in R2.
 */
export async function splitOutAssets(events: RecordedEvent[], bucket: R2Bucket): Promise<boolean> {
  const assets = await extractAssets(events);
  if (assets.size === 0) return false;
  const metrics = await storeAssets(bucket, assets.values());
  logEvent('asset.stored', { ...metrics, assets: assets.size });
  return true;
}
