/**
 * Public API of the edge-replay browser SDK (window.EdgeReplay): init, identify, track,
 * setProperties, stop, start, flush, getSessionUrl.
 * Nothing here throws into the host page; on failure the SDK writes one console.warn and goes quiet.
 *
 * init() starts recording at once (recording/early.ts); the client that uploads (main.ts) may
 * still be loading (loadMain.ts). Calls wait for it in order, so they apply as if it were there.
 */
import { loadMain, type Main } from './loadMain.ts';
import type { CustomCall } from './main.ts';
import { readRecordingSettings, type EdgeReplayOptions, type RecordingSettings } from './options.ts';
import { startEarly, type EarlyRecording } from './recording/early.ts';
import { warnOnce } from './util/warn.ts';

export type { EdgeReplayOptions } from './options.ts';
export type { Properties, PropertyValue } from '../wire/index.ts';

type Client = NonNullable<ReturnType<Main['startClient']>>;

let client: Client | null = null;
/** Recording since init() or start(), and no stop() since: calls apply once the client is there. */
let recording = false;
/** The recording while the client loads. */
let early: EarlyRecording | null = null;
/** init()'s options as given and as recorded with, kept for start() after stop(). */
let lastOptions: { input: EdgeReplayOptions; settings: RecordingSettings } | null = null;
/** The client module: undefined until loaded, null when it could not be. */
let main: Main | null | undefined;
let waiting: Array<(main: Main | null) => void> = [];

/** Starts recording this tab. A second call while recording is a no-op. */
export function init(options: EdgeReplayOptions): void {
  try {
    if (recording) return;
    if (typeof window === 'undefined') return;
    // The rest of the options is checked by the client before anything is uploaded.
    const settings = readRecordingSettings(options);
    if (!settings.ok) {
      warnOnce('options', settings.message);
      return;
    }
    lastOptions = { input: options, settings: settings.value };
    begin(lastOptions);
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
    if (recording) return;
    if (!lastOptions) {
      warnOnce('start-before-init', 'start() needs init() first');
      return;
    }
    begin(lastOptions);
  } catch (error) {
    warnOnce('start', 'could not start; recording is off', error);
    stopQuietly();
  }
}

/** Sends what is buffered now; resolves when it was sent (or given up on). Never rejects. */
export function flush(): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!recording && !client) return resolve();
    withMain(() => {
      if (!client) return resolve();
      client.flush().then(resolve, () => resolve());
    }, resolve);
  });
}

/** Names the visitor: a user id (≤ 200 characters) and optional scalar traits. */
export function identify(userId: string, traits?: Record<string, unknown>): void {
  custom('identify', [userId, traits]);
}

/** Records a named event (≤ 200 characters) with optional scalar properties. */
export function track(name: string, props?: Record<string, unknown>): void {
  custom('track', [name, props]);
}

/** Sets searchable properties of the session (merged with earlier ones). */
export function setProperties(props: Record<string, unknown>): void {
  custom('setProperties', [props]);
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

/** The client checks the arguments: the checks load with it. */
function custom(method: CustomCall, args: unknown[]): void {
  const notRecording = () => warnOnce(`${method}-not-recording`, `${method}() was ignored: not recording (call init() first)`);
  if (!recording) return notRecording();
  withMain((m) => (client ? m.customCall(client, method, args) : notRecording()));
}

/** Records from now on; the client takes the recording over once it has loaded. */
function begin(options: NonNullable<typeof lastOptions>): void {
  const started = startEarly(options.settings);
  if (!started) {
    warnOnce('record-failed', 'could not start recording');
    return;
  }
  early = started;
  recording = true;
  withMain(
    (m) => {
      if (early === started) early = null;
      client = m.startClient(options.input, started);
      if (!client) recording = false;
    },
    () => {
      started.release();
      recording = false;
    },
  );
}

function stopQuietly(): void {
  if (!recording) return;
  recording = false;
  // Nothing more is recorded from now; what was is sent once the client is there.
  early?.stop();
  early = null;
  withMain(() => {
    const current = client;
    client = null;
    current?.stop();
  });
}

/**
 * Runs `use` once the client module is there, after every call queued before it; `failed`
 * instead when it could not be loaded. With the module linked in, at once.
 */
function withMain(use: (main: Main) => void, failed?: () => void): void {
  const run = (m: Main | null) => {
    try {
      if (m) use(m);
      else failed?.();
    } catch (error) {
      warnOnce('internal', 'internal error', error);
    }
  };
  if (main !== undefined) return run(main);
  waiting.push(run);
  if (waiting.length > 1) return;
  loadMain((loaded) => {
    main = loaded;
    for (const next of waiting.splice(0)) next(loaded);
  }, lastOptions!.input.endpoint);
}
