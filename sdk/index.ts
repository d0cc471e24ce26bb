/**
 * Public API of the edge-replay browser SDK: init(), stop(), flush().
 * Nothing here throws into the host page; on failure the SDK writes one console.warn and goes quiet.
 */
import { ReplayClient, type ClientDeps } from './client.ts';
import { INGEST_CONTENT_TYPE } from './constants.ts';
import { resolveOptions, type EdgeReplayOptions } from './options.ts';
import { startRecording } from './recording/startRecording.ts';
import type { StorageLike } from './session.ts';
import type { FetchLike, SendBeaconLike } from './transport/sender.ts';
import { currentScriptOrigin } from './util/scriptOrigin.ts';
import { missingFeature } from './util/support.ts';
import { warnOnce } from './util/warn.ts';

export type { EdgeReplayOptions } from './options.ts';

/** Read while the bundle's top level runs: afterwards document.currentScript is gone. */
const loadedFromOrigin = currentScriptOrigin();

let client: ReplayClient | null = null;

/** Starts recording this tab. A second call while recording is a no-op. */
export function init(options: EdgeReplayOptions): void {
  try {
    if (client) return;
    if (typeof window === 'undefined') return;
    const missing = missingFeature(window as unknown as Record<string, unknown>);
    if (missing) {
      warnOnce('unsupported', `this browser lacks ${missing}; recording is off`);
      return;
    }
    const resolved = resolveOptions(options, loadedFromOrigin);
    if (!resolved.ok) {
      warnOnce('options', resolved.message);
      return;
    }
    const created = new ReplayClient(resolved.value, browserDeps());
    client = created;
    if (!created.start()) client = null;
  } catch (error) {
    warnOnce('init', 'could not start; recording is off', error);
    stopQuietly();
  }
}

/** Stops recording. What was already recorded is still sent. init() may be called again later. */
export function stop(): void {
  try {
    stopQuietly();
  } catch (error) {
    warnOnce('stop', 'error while stopping', error);
  }
}

/** Sends what is buffered now; resolves when it was sent (or given up on). Never rejects. */
export function flush(): Promise<void> {
  try {
    if (!client) return Promise.resolve();
    return client.flush().catch(() => undefined);
  } catch (error) {
    warnOnce('flush', 'error while flushing', error);
    return Promise.resolve();
  }
}

function stopQuietly(): void {
  const current = client;
  client = null;
  current?.stop();
}

function browserDeps(): ClientDeps {
  // Bound now: later wrappers of window.fetch (including our own network capture) are bypassed.
  const nativeFetch = window.fetch.bind(window);
  const fetchLike: FetchLike = (url, init) => nativeFetch(url, init as RequestInit);
  return {
    now: () => Date.now(),
    random: () => Math.random(),
    fillRandom: (bytes) => {
      crypto.getRandomValues(bytes);
    },
    timers: {
      setTimeout: (callback, delayMs) => window.setTimeout(callback, delayMs),
      clearTimeout: (handle) => window.clearTimeout(handle as number),
    },
    storage: sessionStorageOrNull(),
    fetch: fetchLike,
    sendBeacon: beaconOrNull(),
    startRecording,
    window,
    document,
  };
}

function sessionStorageOrNull(): StorageLike | null {
  try {
    return window.sessionStorage ?? null;
  } catch {
    return null; // SecurityError: storage disabled, sandboxed iframe, ...
  }
}

function beaconOrNull(): SendBeaconLike | null {
  if (typeof navigator === 'undefined' || typeof navigator.sendBeacon !== 'function') return null;
  const beacon = navigator.sendBeacon.bind(navigator);
  return (url, body) => beacon(url, new Blob([body as Uint8Array<ArrayBuffer>], { type: INGEST_CONTENT_TYPE }));
}
