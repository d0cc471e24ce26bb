import type { record } from '@rrweb/record';
import type { RecordedEvent } from '../../wire/index.ts';
import { MEDIA_UNBLOCKED, type ResolvedPrivacy } from './options.ts';
import { textFor, valueFor } from './rules.ts';

type RecordOptions = NonNullable<Parameters<typeof record<RecordedEvent>>[0]>;

/**
 * The rrweb record() options that carry the privacy settings. rrweb only masks; our functions
 * decide, so every text node and every field value goes through them:
 * - maskTextSelector '*' sends all text to maskTextFn, which masks it or scrubs it.
 * - maskInputOptions names every field by tag or type, so rrweb calls maskInputFn for all of them
 *   (maskAllInputs must stay false: when true, rrweb ignores maskInputOptions). `select` also
 *   drops the selected state of options from snapshots, so it follows maskAllInputs.
 * Attributes (title, placeholder, alt, aria-label, value) have no rrweb hook, and blockAllMedia's
 * placeholders are cheaper made after rrweb: see events.ts. Canvases it recorded would still be
 * drawn and encoded, so with recordCanvas rrweb blocks the canvases itself.
 */
export function privacyRecordOptions(privacy: ResolvedPrivacy, recordCanvas = false): Partial<RecordOptions> {
  return {
    maskAllInputs: false,
    maskInputOptions: {
      input: true,
      textarea: true,
      'select-one': true,
      'select-multiple': true,
      select: privacy.maskAllInputs,
    } as RecordOptions['maskInputOptions'],
    maskInputFn: (value, element) => valueFor(element, value, privacy),
    maskTextSelector: '*',
    // A textarea's text child is its value.
    maskTextFn: (text, element) =>
      element?.tagName === 'TEXTAREA' ? valueFor(element, text, privacy) : textFor(element, text, privacy),
    blockSelector: privacy.blockAllMedia && recordCanvas ? `${privacy.block},canvas${MEDIA_UNBLOCKED}` : privacy.block,
  };
}
