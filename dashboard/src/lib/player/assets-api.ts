import { ASSETS_PATH } from '../../../../wire/assets.ts';
import { apiFetch } from '../api.ts';
import type { AssetSource } from './assets.ts';

/**
 * Assets from this dashboard's API: absolute URLs, since the replay frame is an about:blank document.
 * Every segment starts at a full snapshot naming the same stylesheets, so one source keeps the
 * texts it fetched (assets are immutable by hash); a failed fetch is not kept.
 */
export function apiAssetSource(signal?: AbortSignal): AssetSource {
  const texts = new Map<string, Promise<string>>();
  return {
    url: (hash) => new URL(`${ASSETS_PATH}/${hash}`, location.href).href,
    text: (hash) => {
      let text = texts.get(hash);
      if (text === undefined) {
        text = apiFetch(`${ASSETS_PATH}/${hash}`, signal).then((response) => response.text());
        text.catch(() => texts.delete(hash));
        texts.set(hash, text);
      }
      return text;
    },
  };
}
