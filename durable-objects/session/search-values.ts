/**
 * The few distinct values per session that the search filters look up in D1: visited URLs (a
 * child table), clicked targets and error messages (text columns of the session row,
 * workers/db/search-text.ts). D1 bills each written row, so every list is capped and only grows
 * (first values win): rewriting a reopened session inserts the same URL rows again, which the
 * table ignores, and never has to delete any.
 */
export interface SearchValues {
  urls: Array<{ url: string; at: number }>;
  clicks: Array<{ selector: string; text: string; at: number }>;
  errors: Array<{ message: string; at: number }>;
}

export const EMPTY_SEARCH_VALUES: SearchValues = { urls: [], clicks: [], errors: [] };

export const MAX_SEARCH_URLS = 20;
export const MAX_SEARCH_CLICKS = 20;
export const MAX_SEARCH_ERRORS = 10;
const MAX_URL_LENGTH = 512;
const MAX_SELECTOR_LENGTH = 200;
const MAX_CLICK_TEXT_LENGTH = 100;
const MAX_ERROR_LENGTH = 300;

/**
 * The URL as the filters see it: origin and path, without query or fragment. Queries carry ids,
 * tokens and tracking tags that would make every visit a distinct value (and rows are billed);
 * "visited /checkout" is what people search for. Hash-router routes (`#/…`, `#!/…`) are paths in
 * all but name, so those fragments stay. Not a URL: the text itself, capped.
 */
export function searchUrl(href: string): string {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return href.slice(0, MAX_URL_LENGTH);
  }
  const route = /^#!?\//.test(url.hash) ? url.hash : '';
  return `${url.origin === 'null' ? `${url.protocol}//` : url.origin}${url.pathname}${route}`.slice(0, MAX_URL_LENGTH);
}

export function addUrl(values: SearchValues, href: string, at: number): void {
  const url = searchUrl(href);
  if (values.urls.length >= MAX_SEARCH_URLS || values.urls.some((u) => u.url === url)) return;
  values.urls.push({ url, at });
}

export function addClick(values: SearchValues, selector: unknown, text: unknown, at: number): void {
  if (typeof selector !== 'string' || selector === '') return;
  const target = { selector: selector.slice(0, MAX_SELECTOR_LENGTH), text: typeof text === 'string' ? text.trim().slice(0, MAX_CLICK_TEXT_LENGTH) : '' };
  if (values.clicks.length >= MAX_SEARCH_CLICKS) return;
  if (values.clicks.some((c) => c.selector === target.selector && c.text === target.text)) return;
  values.clicks.push({ ...target, at });
}

export function addError(values: SearchValues, message: unknown, at: number): void {
  if (typeof message !== 'string' || message === '') return;
  const capped = message.slice(0, MAX_ERROR_LENGTH);
  if (values.errors.length >= MAX_SEARCH_ERRORS || values.errors.some((e) => e.message === capped)) return;
  values.errors.push({ message: capped, at });
}
