/**
 * Scrubbing: what is hidden even where text and inputs are shown. Runs on every recorded text and
 * value, so each pattern is guarded by a cheap test before any regex runs.
 */

const SPACE = /\s/;

/**
 * Page text masked: '*' per non-space character (as /\S/g sees them), so the replay keeps its
 * layout. Runs for every text node of a page; a loop is several times faster than the regex.
 */
export function maskText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += c === 32 || (c >= 9 && c <= 13) || (c > 127 && SPACE.test(text[i])) ? text[i] : '*';
  }
  return out;
}

/** An input value masked: '*' per character, as rrweb does. */
export const maskValue = (value: string): string => '*'.repeat(value.length);

/**
 * Email-like: a local part, '@', and whatever domain follows (none yet while it is being typed).
 * Matching before the domain is complete keeps a typed address from appearing in the events
 * between '@' and the top-level domain.
 */
const EMAIL = /[\w.+%'-]+@[\w.-]*/g;

/** 13–19 digits, single spaces or dashes allowed between them, not inside a longer number. */
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;

/** Masks email addresses and Luhn-valid card numbers; everything else is returned unchanged. */
export function scrub(text: string): string {
  if (text.indexOf('@') >= 0) text = text.replace(EMAIL, maskText);
  if (text.length > 12) text = text.replace(CARD, (m) => (luhn(m) ? m.replace(/\d/g, '*') : m));
  return text;
}

/** The Luhn checksum over the digits of `s` (other characters skipped). */
export function luhn(s: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = s.length - 1; i >= 0; i--) {
    let d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) continue;
    if (double && (d *= 2) > 9) d -= 9;
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}
