import type { Validation } from '../../wire/index.ts';

/**
 * Privacy settings a site passes as init({ privacy }). Private by default: input values, page text
 * and media are hidden until the site opts parts of the page in.
 *
 * Markers on elements (they apply to the element and everything inside it):
 * - `er-mask` class / `data-er-mask`: mask text and input values.
 * - `er-unmask` class / `data-er-unmask`: show text and input values (passwords stay masked;
 *   emails and card numbers are still scrubbed). A mask marker anywhere above or below wins.
 * - `er-block` class / `data-er-block`: record a same-size placeholder instead of the element.
 * - `data-er-unblock` on an img, video, audio, canvas, embed or object: record it although
 *   blockAllMedia is on.
 */
export interface PrivacyOptions {
  /** Mask the value of every input, textarea and select. Default true; passwords are always masked. */
  maskAllInputs?: boolean;
  /** Mask all page text, '*' per character. Default true. */
  maskAllText?: boolean;
  /** Record images, video, audio, canvas, embed and object as same-size placeholders. Default true. */
  blockAllMedia?: boolean;
  /** More CSS selectors to treat like `er-mask`. */
  mask?: string | string[];
  /** More CSS selectors to treat like `er-unmask`. */
  unmask?: string | string[];
  /** More CSS selectors to treat like `er-block`. */
  block?: string | string[];
}

export interface ResolvedPrivacy {
  maskAllInputs: boolean;
  maskAllText: boolean;
  blockAllMedia: boolean;
  /** Selector lists: the built-in markers plus the site's own (media: see blockedSelector). */
  mask: string;
  unmask: string;
  block: string;
}

/** Media that blockAllMedia replaces with placeholders (see events.ts), unless marked data-er-unblock. */
export const MEDIA_TAGS = ['img', 'image', 'video', 'audio', 'canvas', 'embed', 'object'];
export const MEDIA_UNBLOCKED = ':not([data-er-unblock])';
const MEDIA = MEDIA_TAGS.map((tag) => tag + MEDIA_UNBLOCKED).join();

/** Everything recorded as a placeholder: block markers, plus media when blockAllMedia is on. */
export const blockedSelector = (p: ResolvedPrivacy): string => (p.blockAllMedia ? `${p.block},${MEDIA}` : p.block);

const fail = (message: string): Validation<never> => ({ ok: false, message });

export function resolvePrivacy(input: unknown): Validation<ResolvedPrivacy> {
  const o = (input === undefined ? {} : input) as Record<string, unknown>;
  if (typeof o !== 'object' || !o) return fail('privacy must be an object');
  const p: Record<string, boolean | string> = {};
  for (const key of ['maskAllInputs', 'maskAllText', 'blockAllMedia']) {
    if (o[key] !== undefined && typeof o[key] !== 'boolean') return fail(`privacy.${key} must be a boolean`);
    p[key] = o[key] !== false;
  }
  // The built-in markers are .er-<key> and [data-er-<key>]; the site adds one selector or a list.
  for (const key of ['mask', 'unmask', 'block']) {
    let list = `.er-${key},[data-er-${key}]`;
    for (const selector of ([] as unknown[]).concat(o[key] ?? [])) {
      if (!isSelector(selector)) return fail(`privacy.${key}: not a CSS selector: ${selector}`);
      list += ',' + selector;
    }
    p[key] = list;
  }
  return { ok: true, value: p as unknown as ResolvedPrivacy };
}

/** A non-empty string the browser parses as a selector (outside a browser: any non-empty string). */
function isSelector(value: unknown): value is string {
  if (typeof value !== 'string' || !value.trim()) return false;
  if (typeof document === 'undefined') return true;
  try {
    document.createDocumentFragment().querySelector(value);
    return true;
  } catch {
    return false;
  }
}
