import type { ResolvedPrivacy } from './options.ts';

/**
 * Text of an element as it may appear in a signal (a click's label, say): the same masking rules
 * as the replay, so a signal never shows what the recording hides.
 */
export function textForSignal(_element: Element, text: string, _privacy: ResolvedPrivacy): string {
  return text.replace(/\S/g, '*');
}
