/**
 * Entry of the client's script (see loadMain.script.ts): hands sdk/main.ts to the recorder.js
 * that added this script.
 */
import { MAIN_CHUNK_HOOK } from './constants.ts';
import * as main from './main.ts';

try {
  const script = document.currentScript as (HTMLScriptElement & Record<string, unknown>) | null;
  const hook = script?.[MAIN_CHUNK_HOOK];
  if (typeof hook === 'function') hook(main);
} catch {
  // Never throw into the host page; recorder.js sees that nothing was handed over.
}
