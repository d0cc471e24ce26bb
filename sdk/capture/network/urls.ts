import { CONFIG_PATH, INGEST_PATH } from '../../../wire/index.ts';
import type { UrlPattern } from '../options.ts';

/** The absolute form of a request URL, resolved like the browser does (as given if it cannot be). */
export function absoluteUrl(url: string, base?: string): string {
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

/** The SDK's own endpoints: never recorded, even if something routes them through the page's fetch. */
export const isSdkUrl = (url: string): boolean => url.includes(INGEST_PATH) || url.includes(CONFIG_PATH);

/** Strings match as substrings, RegExps by test() (lastIndex reset, so /g patterns behave). */
export const urlAllowed = (url: string, patterns: UrlPattern[]): boolean =>
  patterns.some((p) => (typeof p == 'string' ? url.includes(p) : ((p.lastIndex = 0), p.test(url))));
