import type { ResolvedPrivacy } from './options.ts';
import { isSecretField } from './password.ts';
import { maskText, maskValue, scrub } from './scrub.ts';

/**
 * Whether `el` or an ancestor matches `selector`, looking through shadow roots to their hosts and
 * out of same-origin frames to the iframe element.
 */
export const within = (el: Element, selector: string): boolean => nearest(el, selector) !== null;

/** The nearest of `el` and its ancestors matching `selector`, across shadow roots and same-origin frames. */
function nearest(el: Element, selector: string): Element | null {
  for (let e: Element | null | undefined = el; e; ) {
    const found = e.closest(selector);
    if (found) return found;
    const root = e.getRootNode() as { host?: Element; defaultView?: Window | null };
    e = root.host || (root.defaultView && root.defaultView.frameElement);
  }
  return null;
}

/** Whether text inside `el` is masked. A mask marker beats an unmask marker; null (unknown) is masked. */
export function textMasked(el: Element | null, p: ResolvedPrivacy): boolean {
  if (!el) return true;
  // One walk for both kinds of marker (this runs for every text node); only under an unmask
  // marker is the rest of the way up searched for a mask marker.
  const marker = nearest(el, `${p.mask},${p.unmask}`);
  if (!marker) return p.maskAllText;
  return within(marker, p.mask);
}

/** Text as recorded: masked, or shown with emails and card numbers scrubbed. */
export function textFor(el: Element | null, text: string, p: ResolvedPrivacy): string {
  return textMasked(el, p) ? maskText(text) : scrub(text);
}

const BUTTON = /^(button|submit|reset)$/;

/** A form field's value as recorded. Button-like inputs show their value as a label: text rules. */
export function valueFor(el: Element | null, value: string, p: ResolvedPrivacy): string {
  if (el && BUTTON.test((el as HTMLInputElement).type)) return textFor(el, value, p);
  const masked =
    !el || isSecretField(el) || within(el, p.mask) || (p.maskAllInputs && !within(el, p.unmask));
  return masked ? maskValue(value) : scrub(value);
}

/** input, textarea or select: the elements whose value rrweb records. */
export const isField = (el: Element): boolean => /^(input|textarea|select)$/i.test(el.tagName);
