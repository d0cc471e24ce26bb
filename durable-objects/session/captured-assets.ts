import { MIN_ASSET_CHARS, refHash, type AssetPayload, type CapturedAsset } from '../../wire/assets.ts';

/**
 * URL and copy characters indexed per session: the list rides in the DO's state row and the
 * manifest on the D1 row, both single rows. Captures beyond it still resolve within their own
 * segment.
 */
export const MAX_CAPTURED_ASSET_CHARS = 100_000;
const MAX_URL_LENGTH = 2048;

/**
 * Indexes one `er.asset` signal of a tab (see CapturedAsset). Only what ingest left small is kept:
 * a reference, or a data: URL under MIN_ASSET_CHARS. The SDK sends a URL again after each page
 * load; the same copy again adds nothing, a changed one is kept from its time on.
 */
export function addCapturedAsset(assets: CapturedAsset[], payload: unknown, t: number, tab: string): void {
  const { url, data } = (payload ?? {}) as Partial<AssetPayload>;
  if (typeof url !== 'string' || url.length > MAX_URL_LENGTH || typeof data !== 'string') return;
  if (refHash(data) === null && !(data.startsWith('data:') && data.length < MIN_ASSET_CHARS)) return;
  if (assets.findLast((a) => a.tab === tab && a.url === url)?.data === data) return;
  const used = assets.reduce((n, a) => n + a.url.length + a.data.length, 0);
  if (used + url.length + data.length <= MAX_CAPTURED_ASSET_CHARS) assets.push({ tab, t, url, data });
}
