import { Hono } from 'hono';
import { isAssetHash } from '../../wire/assets.ts';
import { ApiError } from '../errors.ts';
import { assetKey } from '../ingest/asset-store.ts';

/**
 * Served to the replay frame, never run: an SVG or anything else opened directly gets no scripts,
 * no plugins, no requests and a unique origin. Inline styles stay, so an SVG still renders.
 */
const ASSET_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; sandbox";

/**
 * GET /api/assets/<sha256>: an asset split out of recordings. Its name is its content: cached
 * forever, but only by the browser (`private`), since it takes a signed-in principal like the rest
 * of /api. Any principal, whatever its projects: an asset is stored once for every project that
 * recorded it, and its name is the digest of its bytes, so asking for one already means knowing
 * what it holds. The replay frame shares the dashboard's origin, so it sends the cookies.
 */
export const assetRoutes = new Hono<{ Bindings: Env }>().get('/:hash', async (c) => {
  const hash = c.req.param('hash');
  if (!isAssetHash(hash)) throw new ApiError(400, 'bad_request', 'an asset is named by its SHA-256 in 64 lowercase hex digits');
  const etag = `"${hash}"`;
  const headers = {
    'cache-control': 'private, max-age=31536000, immutable',
    etag,
    'content-security-policy': ASSET_CSP,
    'x-content-type-options': 'nosniff',
  };
  if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers });
  const object = await c.env.BUCKET.get(assetKey(hash));
  if (object === null) throw new ApiError(404, 'not_found', 'no asset has this hash');
  return new Response(object.body, {
    headers: { ...headers, 'content-type': object.httpMetadata?.contentType ?? 'application/octet-stream' },
  });
});
