/**
 * loadMain for recorder.js: the client (sdk/main.ts) is a classic script of its own, built beside
 * recorder.js and named by its content hash (so a cached recorder.js never meets another build's
 * client). It loads right after init(), which records meanwhile (recording/early.ts), and hands
 * itself over through a property of its script element (main-entry.ts). A failed load is retried
 * a few times; after that, loaded(null).
 */
import { MAIN_CHUNK_ATTEMPTS, MAIN_CHUNK_HOOK, MAIN_CHUNK_RETRY_MS, RECORDER_SCRIPT_PATH } from './constants.ts';
import type { Main } from './loadMain.ts';
import { warnOnce } from './util/warn.ts';

export type { Main };

/** File name of the client's script, set by build.ts. */
declare const EDGE_REPLAY_MAIN_CHUNK: string;

/** recorder.js's own URL, read while its top level runs (document.currentScript is gone later). */
const recorderUrl = (() => {
  try {
    const script = document.currentScript as HTMLScriptElement | null;
    return script?.src || null;
  } catch {
    return null;
  }
})();

export function loadMain(loaded: (main: Main | null) => void, endpoint: unknown): void {
  const fail = (what: string) => {
    warnOnce('load', `could not load ${what}; recording is off`);
    loaded(null);
  };
  let url: string;
  try {
    // Beside recorder.js; an inlined recorder falls back to the deployment's own path.
    url = new URL(EDGE_REPLAY_MAIN_CHUNK, recorderUrl ?? `${endpoint}`.replace(/\/+$/, '') + RECORDER_SCRIPT_PATH).href;
  } catch {
    return fail('the client: init() needs an http(s) endpoint');
  }
  const attempt = (left: number) => {
    const script = document.createElement('script') as HTMLScriptElement & Record<string, unknown>;
    let main: Main | null = null;
    script[MAIN_CHUNK_HOOK] = (handed: Main) => (main = handed);
    script.async = true;
    script.src = url;
    script.onload = script.onerror = () => {
      script.remove();
      if (main) loaded(main);
      else if (left > 1) setTimeout(() => attempt(left - 1), MAIN_CHUNK_RETRY_MS);
      else fail(url);
    };
    (document.head || document.documentElement).appendChild(script);
  };
  attempt(MAIN_CHUNK_ATTEMPTS);
}
