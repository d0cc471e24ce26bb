/**
 * Entry of the IIFE bundle served as /sdk/v1/recorder.js: puts the API on window.EdgeReplay,
 * replaying the calls the loader snippet queued before the bundle arrived.
 */
// rrweb first: the bundle then has the SDK's own code in one piece after it, where gzip finds
// more of its repeats (about 50 bytes smaller than with rrweb in the middle).
import '@rrweb/record';
import { flush, getSessionUrl, identify, init, setProperties, start, stop, track } from './index.ts';
import { installApi } from './loader/install.ts';

if (typeof window !== 'undefined') {
  try {
    installApi(window as unknown as { EdgeReplay?: unknown }, { init, identify, track, setProperties, stop, start, flush, getSessionUrl });
  } catch {
    // Never throw into the host page.
  }
}
