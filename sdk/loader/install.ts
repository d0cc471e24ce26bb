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

/**
 * Makes `api` window.EdgeReplay and replays what the stub queued. A second recorder on the page
 * leaves the first one in place.
 */
export function installApi(target: { EdgeReplay?: unknown }, api: EdgeReplayApi): void {
  const existing = target.EdgeReplay as Partial<LoaderStub> | null | undefined;
  if (existing == null) {
    target.EdgeReplay = { ...api };
    return;
  }
  const queue = existing._q;
  // Without a queue it is a recorder already running.
  if (!Array.isArray(queue)) return;
  Object.assign(existing, api);
  delete existing._q;
  const run = (...calls: QueuedCall[]) => {
    for (const call of calls) dispatch(call, api);
    return 0;
  };
  // Calls through stub methods a site kept a reference to, made from now on, go straight through.
  queue.push = run;
  run(...queue.splice(0));
}

/** Applies one queued call; unknown methods are ignored, and one that throws does not stop the later ones. */
function dispatch(call: QueuedCall, api: EdgeReplayApi): void {
  try {
    const [method, args, resolve] = call;
    // Own properties only: a queued '__proto__' or 'toString' is not a method.
    const result = Object.prototype.hasOwnProperty.call(api, method) ? (api[method as keyof EdgeReplayApi] as (...a: unknown[]) => unknown)(...args) : undefined;
    if (resolve) {
      Promise.resolve(result).then(
        () => resolve(),
        () => resolve(),
      );
    }
  } catch {
    // keep replaying the others
  }
}
