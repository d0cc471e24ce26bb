import { ASSETS_PATH } from '../../../../wire/assets.ts';
import { apiFetch } from '../api.ts';
import type { AssetSource } from './assets.ts';

/** Assets from this dashboard's API: absolute URLs, since the replay frame is an about:blank document. */
export function apiAssetSource(signal?: AbortSignal): AssetSource {
  return {
    url: (hash) => new URL(`${ASSETS_PATH}/${hash}`, location.href).href,
    text: async (hash) => (await apiFetch(`${ASSETS_PATH}/${hash}`, signal)).text(),
  };
}
