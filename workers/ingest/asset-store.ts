import type { IngestBatch } from '../../wire/index.ts';
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
 * The batch with its long data: URLs and stylesheet text moved to R2, the events keeping
 * references. Returns the same object when nothing moved, and a new one when events changed (the
 * JSON text it was parsed from no longer matches it). The assets are stored before this resolves,
 * so a batch is only acknowledged once everything it refers to is in R2.
 */
export async function splitOutAssets(batch: IngestBatch, bucket: R2Bucket): Promise<IngestBatch> {
  const assets = await extractAssets(batch.events);
  if (assets.size === 0) return batch;
  const metrics = await storeAssets(bucket, assets.values());
  logEvent('asset.stored', { ...metrics, assets: assets.size });
  return { ...batch };
}
