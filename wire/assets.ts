/**
 * Assets: the bytes a replay needs to look as the page did (stylesheet text, fonts, images),
 * stored once in R2 under their SHA-256 and referred to from events by `er-asset:<hash>`.
 *
 * - The SDK sends fonts and images the recording refers to as an `er.asset` custom event whose
 *   `data` is a data: URL (stylesheet text rrweb already inlines as `_cssText`).
 * - The ingest worker replaces long data: URLs and `_cssText` values with references before the
 *   batch is stored; the same bytes from any session of any project are one R2 object.
 * - The player swaps references back (URLs served by GET /api/assets/<hash>, stylesheet text
 *   fetched and inlined) before events reach rrweb's Replayer.
 */

/** rrweb Custom event tag of a captured asset (an edge-replay signal like those in CustomTag). */
export const ASSET_TAG = 'er.asset';

export interface AssetPayload {
  /** Absolute URL the recording refers to the asset by. */
  url: string;
  /** A data: URL as sent by the SDK; once ingested, the asset's reference. */
  data: string;
}

/**
 * A URL the SDK captured in one tab, as of `t` (epoch ms), and its stored copy: the `data` of its
 * `er.asset` signal once ingested (a reference, or a short data: URL left inline). The manifest
 * lists them, so a segment played on its own resolves what the tab captured in earlier ones.
 */
export interface CapturedAsset {
  tab: string;
  t: number;
  url: string;
  data: string;
}

/** Strings at least this long (data: URLs, stylesheet text) leave the events for R2. */
export const MIN_ASSET_CHARS = 1_024;
/** Largest asset the SDK sends, bytes before base64. A bigger file is left to the original URL. */
export const MAX_ASSET_BYTES = 256 * 1024;

export const ASSET_REF_PREFIX = 'er-asset:';
/** Where the API serves an asset: `${ASSETS_PATH}/<hash>`. */
export const ASSETS_PATH = '/api/assets';

const HASH = /^[0-9a-f]{64}$/;

/** A lowercase hex SHA-256, the only asset name the API accepts. */
export const isAssetHash = (value: unknown): value is string => typeof value === 'string' && HASH.test(value);

export const assetRef = (hash: string): string => ASSET_REF_PREFIX + hash;

/** The hash a reference names, or null when `value` is not a reference. */
export function refHash(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith(ASSET_REF_PREFIX)) return null;
  const hash = value.slice(ASSET_REF_PREFIX.length);
  return isAssetHash(hash) ? hash : null;
}

/** url(...) in CSS text, quoted or not: group 2 is the URL. */
export const CSS_URL = /url\(\s*(['"]?)([^'")]+)\1\s*\)/g;
