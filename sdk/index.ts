/**
 * Public API of the edge-replay browser SDK (window.EdgeReplay): init, identify, track,
 * setProperties, stop, start, flush, getSessionUrl.
 * Nothing here throws into the host page; on failure the SDK writes one console.warn and goes quiet.
 */
import { CustomTag } from '../wire/index.ts';
import { checkIdentify, checkSetProperties, checkTrack, type Checked } from './api/validate.ts';
import { ReplayClient, type ClientDeps } from './client.ts';
import { COMPRESS_WORKER_TIMEOUT_MS, INGEST_CONTENT_TYPE, TAB_CHANNEL_NAME } from './constants.ts';
import { resolveOptions, type EdgeReplayOptions, type ResolvedOptions } from './options.ts';
import { startRecording } from './recording/startRecording.ts';
import type { StorageLike } from './session.ts';
import type { ChannelLike } from './tab/presence.ts';
import { WorkerCompressor, blobWorkerFactory, workerSource, type Compressor } from './transport/compressWorker.ts';
import { GZIP_FACTORY_IS_SELF_CONTAINED, gzipFactory, type Gzip } from './transport/gzip.ts';
import type { FetchLike, SendBeaconLike, Timers } from './transport/sender.ts';
import { currentScriptOrigin } from './util/scriptOrigin.ts';
import { missingFeature } from './util/support.ts';
import { warnOnce } from './util/warn.ts';

export type { EdgeReplayOptions } from './options.ts';
export type { Properties, PropertyValue } from '../wire/index.ts';

/** Read while the bundle's top level runs: afterwards document.currentScript is gone. */
const loadedFromOrigin = currentScriptOrigin();

let client: ReplayClient | null = null;
/** init()'s options, kept for start() after stop(). */
let lastOptions: ResolvedOptions | null = null;
let gzip: Gzip | null = null;

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
    lastOptions = resolved.value;
    startClient(resolved.value);
  } catch (error) {
    warnOnce('init', 'could not start; recording is off', error);
    stopQuietly();
  }
}

/** Stops recording. What was already recorded is still sent. start() resumes with init()'s options. */
export function stop(): void {
  try {
    stopQuietly();
  } catch (error) {
    warnOnce('stop', 'error while stopping', error);
  }
}

/** Resumes recording after stop(), with the options init() was given (same session if still live). */
export function start(): void {
  try {
    if (client) return;
    if (!lastOptions) {
      warnOnce('start-before-init', 'start() needs init() first');
      return;
    }
    startClient(lastOptions);
  } catch (error) {
    warnOnce('start', 'could not start; recording is off', error);
    stopQuietly();
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

/** Names the visitor: a user id (≤ 200 characters) and optional scalar traits. */
export function identify(userId: string, traits?: Record<string, unknown>): void {
  record('identify', () => checkIdentify(userId, traits), (payload) => client?.addCustom(CustomTag.Identify, payload));
}

/** Records a named event (≤ 200 characters) with optional scalar properties. */
export function track(name: string, props?: Record<string, unknown>): void {
  record('track', () => checkTrack(name, props), (payload) => client?.addCustom(CustomTag.Track, payload));
}

/** Sets searchable properties of the session (merged with earlier ones). */
export function setProperties(props: Record<string, unknown>): void {
  record('setProperties', () => checkSetProperties(props), (payload) => client?.addCustom(CustomTag.Properties, payload));
}

/**
 * The dashboard's URL of this session at this moment, or null while nothing is uploaded (before
 * init, while deciding, not sampled, buffer mode before an error, after stop).
 */
export function getSessionUrl(): string | null {
  try {
    return client?.sessionUrl() ?? null;
  } catch {
    return null;
  }
}

function record<T>(method: string, check: () => Checked<T>, apply: (payload: T) => void): void {
  try {
    if (!client) {
      warnOnce(`${method}-not-recording`, `${method}() was ignored: not recording (call init() first)`);
      return;
    }
    const checked = check();
    if (checked.problems.length > 0) {
      warnOnce(`${method}-input`, `${method}(): ${checked.problems.join('; ')}${checked.payload ? '' : '; call ignored'}`);
    }
    if (checked.payload) apply(checked.payload);
  } catch (error) {
    warnOnce(method, `error in ${method}()`, error);
  }
}

function startClient(options: ResolvedOptions): void {
  const created = new ReplayClient(options, browserDeps());
  client = created;
  if (!created.start()) client = null;
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
  const timers: Timers = {
    setTimeout: (callback, delayMs) => window.setTimeout(callback, delayMs),
    clearTimeout: (handle) => window.clearTimeout(handle as number),
  };
  gzip ??= gzipFactory();
  return {
    now: () => Date.now(),
    random: () => Math.random(),
    fillRandom: (bytes) => {
      crypto.getRandomValues(bytes);
    },
    timers,
    storage: { visit: usableStorage('localStorage', memoryVisit), tab: usableStorage('sessionStorage', memoryTab) },
    fetch: fetchLike,
    sendBeacon: beaconOrNull(),
    startRecording,
    window,
    document,
    fetchConfig: (url) =>
      nativeFetch(url, { credentials: 'omit' }).then((response) =>
        response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`)),
      ),
    compressor: workerCompressorOrNull(timers),
    gzip,
    isOnline: () => navigator.onLine !== false,
    openChannel: channelOrNull,
  };
}

function workerCompressorOrNull(timers: Timers): Compressor | null {
  if (!GZIP_FACTORY_IS_SELF_CONTAINED) return null;
  const createWorker = blobWorkerFactory(workerSource(String(gzipFactory)));
  return createWorker ? new WorkerCompressor(createWorker, timers, COMPRESS_WORKER_TIMEOUT_MS) : null;
}

function channelOrNull(): ChannelLike | null {
  if (typeof BroadcastChannel !== 'function') return null;
  return new BroadcastChannel(TAB_CHANNEL_NAME) as unknown as ChannelLike;
}

/**
 * Stand-ins for Web Storage the page may not use (disabled, sandboxed iframe, some privacy
 * modes): the session then lasts as long as the page, through stop() and start().
 */
const memoryVisit = memoryStorage();
const memoryTab = memoryStorage();

function memoryStorage(): StorageLike {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

function usableStorage(name: 'localStorage' | 'sessionStorage', fallback: StorageLike): StorageLike {
  try {
    const storage = window[name];
    // Safari's private mode used to offer storage that throws on every write.
    storage.setItem('edgeReplay.probe', '1');
    storage.removeItem('edgeReplay.probe');
    return storage;
  } catch {
    return fallback; // SecurityError, QuotaExceededError, ...
  }
}

function beaconOrNull(): SendBeaconLike | null {
  if (typeof navigator === 'undefined' || typeof navigator.sendBeacon !== 'function') return null;
  const beacon = navigator.sendBeacon.bind(navigator);
  return (url, body) => beacon(url, new Blob([body as Uint8Array<ArrayBuffer>], { type: INGEST_CONTENT_TYPE }));
}
