/**
 * Entry of the IIFE bundle served as /sdk/recorder.js: exposes the API as window.EdgeReplay.
 */
import { flush, init, stop } from './index.ts';

declare global {
  interface Window {
    EdgeReplay?: { init: typeof init; stop: typeof stop; flush: typeof flush };
  }
}

if (typeof window !== 'undefined' && !window.EdgeReplay) {
  window.EdgeReplay = { init, stop, flush };
}
