/**
 * The deferred part of the SDK: the recording client (session, sampling, batching, compression,
 * upload), asset capture and the checks of identify/track/setProperties. recorder.js loads it as a
 * script of its own right after init() (see loadMain.script.ts) and the client takes over the
 * recording init() started (recording/early.ts); the npm entry links it directly.
 */
import { CustomTag, type CustomPayloads } from '../wire/index.ts';
import { checkIdentify, checkSetProperties, checkTrack, type Checked } from './api/validate.ts';
import { ReplayClient, type ClientDeps } from './client.ts';
import { installAssets } from './capture/assets/index.ts';
import { COMPRESS_WORKER_TIMEOUT_MS, INGEST_CONTENT_TYPE, TAB_CHANNEL_NAME } from './constants.ts';
import { resolveOptions, type ResolvedOptions } from './options.ts';
import type { EarlyRecording } from './recording/early.ts';
import { clientIntake } from './recording/intake.ts';
import type { StorageLike } from './session.ts';
import type { ChannelLike } from './tab/presence.ts';
import { WorkerCompressor, blobWorkerFactory, workerSource, type Compressor } from './transport/compressWorker.ts';
import { GZIP_FACTORY_IS_SELF_CONTAINED, gzipFactory, type Gzip } from './transport/gzip.ts';
import type { FetchLike, SendBeaconLike, Timers } from './transport/sender.ts';
import { currentScriptOrigin } from './util/scriptOrigin.ts';
import { missingFeature } from './util/support.ts';
import { warnOnce } from './util/warn.ts';

export type { ReplayClient } from './client.ts';

let gzip: Gzip | null = null;

/**
 * The endpoint's default. Read while the script's top level runs (document.currentScript is gone
 * afterwards): this client's script is beside recorder.js, so on the deployment's origin.
 */
const loadedFromOrigin = currentScriptOrigin();

/**
 * Starts a client on the recording init() began, once the browser and init()'s options pass the
 * checks recorder.js leaves to it; null when they fail or it could not start (the recording is then
 * stopped and what it recorded dropped: nothing was uploaded).
 */
export function startClient(input: unknown, early: EarlyRecording): ReplayClient | null {
  try {
    // recorder.js leaves these to the client too: no browser that parses it lacks them.
    const missing = missingFeature(window);
    if (missing) {
      warnOnce('unsupported', `this browser lacks ${missing}; recording is off`);
      return null;
    }
    const options = resolveOptions(input, loadedFromOrigin);
    if (!options.ok) {
      warnOnce('options', options.message);
      return null;
    }
    const client = new ReplayClient(options.value, browserDeps(options.value, early));
    return client.start() ? client : null;
  } finally {
    early.release();
  }
}

const CUSTOM_CALLS = {
  identify: [checkIdentify, CustomTag.Identify],
  track: [checkTrack, CustomTag.Track],
  setProperties: [checkSetProperties, CustomTag.Properties],
} as const;

export type CustomCall = keyof typeof CUSTOM_CALLS;

/** identify(), track() or setProperties() as the site called it: checked, one warning per method for bad input. */
export function customCall(client: ReplayClient, method: CustomCall, args: unknown[]): void {
  const [check, tag] = CUSTOM_CALLS[method];
  const checked = (check as (...a: unknown[]) => Checked<CustomPayloads[typeof tag]>)(...args);
  if (checked.problems.length > 0) {
    warnOnce(`${method}-input`, `${method}(): ${checked.problems.join('; ')}${checked.payload ? '' : '; call ignored'}`);
  }
  if (checked.payload) client.addCustom(tag, checked.payload);
}

function browserDeps(options: ResolvedOptions, early: EarlyRecording): ClientDeps {
  // Taken before capture wrapped window.fetch: our uploads are not the page's requests.
  const fetchLike: FetchLike = (url, init) => early.fetch(url, init as RequestInit);
  const timers: Timers = {
    setTimeout: (callback, delayMs) => window.setTimeout(callback, delayMs),
    clearTimeout: (handle) => window.clearTimeout(handle as number),
  };
  gzip ??= gzipFactory();
  const intake = clientIntake(early, options.capture, timers);
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
    startRecording: intake.startRecording,
    installCapture: (emit) => {
      const capture = early.takeCapture(intake.signals(emit));
      capture.add('assets', options.capture.assets, (ctx) => installAssets(window, early.fetch, early.mirror.attributesOf, ctx));
      return () => {
        capture.uninstall();
        intake.stop();
      };
    },
    window,
    document,
    fetchConfig: (url) =>
      early.fetch(url, { credentials: 'omit' }).then((response) =>
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
