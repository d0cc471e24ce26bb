import type { record } from '@rrweb/record';
import type { RecordedEvent } from '../../wire/index.ts';
import type { ResolvedPrivacy } from './options.ts';

type RecordOptions = NonNullable<Parameters<typeof record<RecordedEvent>>[0]>;

/** The rrweb record() options that carry the privacy settings. */
export function privacyRecordOptions(privacy: ResolvedPrivacy): Partial<RecordOptions> {
  return {
    maskAllInputs: privacy.maskAllInputs,
    // Used by rrweb only when maskAllInputs is false: passwords are masked regardless.
    maskInputOptions: { password: true },
  };
}
