import { blockedSelector, type ResolvedPrivacy } from './options.ts';
import { isField, textFor, valueFor, within } from './rules.ts';
import { maskText } from './scrub.ts';

/**
 * Text of an element as it may appear in a signal (a click's label, say): the same masking rules
 * as the replay, so a signal never shows what the recording hides. The text may come from the
 * element's descendants, so any masked or blocked part inside (or a textarea, whose text is its
 * value) masks it all.
 */
export function textForSignal(element: Element, text: string, privacy: ResolvedPrivacy): string {
  if (
    within(element, blockedSelector(privacy)) ||
    element.querySelector(`${privacy.mask},${privacy.block},textarea`)
  ) {
    return maskText(text);
  }
  return isField(element) ? valueFor(element, text, privacy) : textFor(element, text, privacy);
}
