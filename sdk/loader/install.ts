/**
 * Runs when the recorder bundle loads: puts the real API on window.EdgeReplay. When the loader
 * snippet's stub is there, the calls it queued are replayed in order, and the stub object itself
 * takes the real methods (so references a site kept to it keep working).
 */
import type { LoaderStub, QueuedCall } from './stub.ts';

/** The API on window.EdgeReplay. */
export interface EdgeReplayApi {
  init(options: unknown): void;
  identify(userId: unknown, traits?: unknown): void;
  track(name: unknown, props?: unknown): void;
  setProperties(props: unknown): void;
  stop(): void;
  start(): void;
  flush(): Promise<void>;
  getSessionUrl(): string | null;
}

function isLoaderStub(value: unknown): value is LoaderStub {
  return typeof value === 'object' && value !== null && Array.isArray((value as { _q?: unknown })._q);
}

/**
 * Makes `api` window.EdgeReplay and replays what the stub queued. A second recorder on the page
 * leaves the first one in place.
 */
export function installApi(target: { EdgeReplay?: unknown }, api: EdgeReplayApi): void {
  const existing = target.EdgeReplay;
  if (existing === undefined || existing === null) {
    target.EdgeReplay = { ...api };
    return;
  }
  if (!isLoaderStub(existing)) return;
  const queue = existing._q;
  Object.assign(existing, api);
  delete (existing as Partial<LoaderStub>)._q;
  // Calls through stub methods a site kept a reference to, made from now on, go straight through.
  queue.push = (...calls: QueuedCall[]) => {
    for (const call of calls) dispatchQuietly(call, api);
    return 0;
  };
  for (const call of queue.splice(0)) dispatchQuietly(call, api);
}

function dispatchQuietly(call: QueuedCall, api: EdgeReplayApi): void {
  try {
    dispatch(call, api);
  } catch {
    // One failing call must not keep the later ones from running.
  }
}

/** Applies one queued call; unknown methods are ignored. */
export function dispatch(call: QueuedCall, api: EdgeReplayApi): void {
  const [method, args, resolve] = Array.isArray(call) ? call : [];
  let result: unknown;
  if (typeof method === 'string' && Object.prototype.hasOwnProperty.call(API_METHODS, method)) {
    const fn = api[method as keyof EdgeReplayApi] as (...a: unknown[]) => unknown;
    result = fn(...(Array.isArray(args) ? args : []));
  }
  if (typeof resolve === 'function') {
    Promise.resolve(result).then(
      () => resolve(),
      () => resolve(),
    );
  }
}

const API_METHODS: Record<keyof EdgeReplayApi, true> = {
  init: true,
  identify: true,
  track: true,
  setProperties: true,
  stop: true,
  start: true,
  flush: true,
  getSessionUrl: true,
};
