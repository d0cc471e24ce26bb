/**
 * Capture limits. Units are in the names: *_MS milliseconds, *_PX CSS pixels, *_CHARS UTF-16
 * code units (what String.length counts; equal to bytes for ASCII).
 */

/** One console argument, serialised, is cut at this length. */
export const MAX_ARG_CHARS = 2_000;
/** All arguments of one console call together. */
export const MAX_CONSOLE_CHARS = 8_000;
/** Nesting levels a serialised object shows; deeper values become [Object] / [Array]. */
export const MAX_DEPTH = 3;
/** Keys of one object (or items of one array) a serialised value shows. */
export const MAX_KEYS = 20;
/** Stacks (console call sites, errors, rejections). */
export const MAX_STACK_CHARS = 4_000;
/** Error messages and network error text. */
export const MAX_MESSAGE_CHARS = 1_000;
/** URLs (network requests, navigation). Nothing is stripped, only cut. */
export const MAX_URL_CHARS = 2_048;
/** Headers kept per request or response, and the length of each value. */
export const MAX_HEADERS = 50;
export const MAX_HEADER_VALUE_CHARS = 1_000;
/** Default and ceiling of capture.network.maxBodyBytes (counted in chars, like the batch cap). */
export const DEFAULT_MAX_BODY_CHARS = 16 * 1024;
export const MAX_BODY_CHARS = 256 * 1024;
/** A response body clone still being read after this long is cancelled and the signal sent as is. */
export const BODY_READ_TIMEOUT_MS = 5_000;

/** Click label length (visible text), and the selector's. */
export const MAX_CLICK_TEXT_CHARS = 100;
export const MAX_SELECTOR_CHARS = 300;
/** Ancestors a click selector may name above the element itself. */
export const SELECTOR_MAX_ANCESTORS = 4;

/** Rage click: this many clicks ... */
export const RAGE_CLICK_COUNT = 3;
/** ... each within this long of the one before, the last RAGE_CLICK_COUNT within it too ... */
export const RAGE_CLICK_WINDOW_MS = 1_000;
/** ... on the same element, or within this distance of the previous click. */
export const RAGE_CLICK_RADIUS_PX = 30;

/**
 * Dead click: an interactive-looking element was clicked and for this long nothing happened:
 * no DOM mutation anywhere, no URL change, no scroll, no focus move, no input.
 *
 * Why 3 s (Sentry waits 7 s for "dead" and calls 3 s a "slow click"):
 * - people judge a click ignored after about a second; by 3 s without any visible change they
 *   have clicked again or given up, so the signal is already a real frustration;
 * - any mutation anywhere on the page ends the check, so on pages that change by themselves
 *   (clocks, carousels, live feeds, ads) a longer window mostly misses real dead clicks, and more
 *   checks are lost to the visitor leaving first;
 * - waiting is free either way (the client reads the events it records anyway, and keeps one
 *   timer), so the only cost of a longer window would be a later signal.
 * The price: a response that lands after 3 s with no spinner (a slow request) counts as dead.
 */
export const DEAD_CLICK_WINDOW_MS = 3_000;

/**
 * Flood guard: at most this many signals of one tag per window; the rest are dropped.
 * A page logging or erroring in a loop must not turn recording into the page's main cost.
 */
export const MAX_SIGNALS_PER_WINDOW = 100;
export const SIGNAL_WINDOW_MS = 10_000;
