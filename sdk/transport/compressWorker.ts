/**
 * gzip off the main thread: a dedicated Worker started from an inline Blob (a worker URL on the
 * edge-replay origin would be cross-origin on the customer's page, which browsers refuse).
 *
 * Any trouble (no Worker, CSP forbidding blob: workers, a worker error or a late answer) marks the
 * worker broken for good; the caller then compresses on the main thread.
 */
import type { Timers } from './sender.ts';

/** Starts compressing the UTF-8 of `json` off the main thread; null when that is not possible (any more). */
export interface Compressor {
  start(json: string): Promise<Uint8Array> | null;
  dispose(): void;
}

/** The part of a dedicated Worker the compressor uses. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessageerror: ((event: unknown) => void) | null;
}

interface Job {
  id: number;
  resolve: (body: Uint8Array) => void;
  reject: (error: Error) => void;
}

export class WorkerCompressor implements Compressor {
  private readonly createWorker: () => WorkerLike;
  private readonly timers: Timers;
  private readonly timeoutMs: number;
  private worker: WorkerLike | null = null;
  private broken = false;
  private nextId = 1;
  /** Jobs sent and not answered, oldest first (a worker answers in order). */
  private jobs: Job[] = [];
  private watchdog: unknown = null;

  constructor(createWorker: () => WorkerLike, timers: Timers, timeoutMs: number) {
    this.createWorker = createWorker;
    this.timers = timers;
    this.timeoutMs = timeoutMs;
  }

  get isBroken(): boolean {
    return this.broken;
  }

  start(json: string): Promise<Uint8Array> | null {
    const worker = this.ensureWorker();
    if (!worker) return null;
    const id = this.nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.jobs.push({ id, resolve, reject });
      try {
        // A string is copied flat, far cheaper than encoding it here first.
        worker.postMessage({ id, json });
      } catch (error) {
        this.fail(error);
        return;
      }
      this.armWatchdog();
    });
  }

  dispose(): void {
    this.fail(new Error('disposed'));
  }

  private ensureWorker(): WorkerLike | null {
    if (this.broken) return null;
    if (this.worker) return this.worker;
    let worker: WorkerLike;
    try {
      worker = this.createWorker();
    } catch {
      this.broken = true;
      return null;
    }
    worker.onmessage = (event) => this.onAnswer(event.data);
    worker.onerror = (event) => this.fail(event);
    worker.onmessageerror = (event) => this.fail(event);
    this.worker = worker;
    return worker;
  }

  private onAnswer(data: unknown): void {
    const answer = data as { id?: unknown; body?: unknown } | null;
    const job = this.jobs[0];
    if (!job || answer?.id !== job.id || !(answer.body instanceof Uint8Array)) {
      this.fail(new Error('unexpected answer from the compression worker'));
      return;
    }
    this.jobs.shift();
    this.clearWatchdog();
    if (this.jobs.length > 0) this.armWatchdog();
    job.resolve(answer.body);
  }

  /** Marks the worker broken and hands every unanswered job back to the caller. */
  private fail(reason: unknown): void {
    this.broken = true;
    this.clearWatchdog();
    const worker = this.worker;
    this.worker = null;
    if (worker) {
      worker.onmessage = worker.onerror = worker.onmessageerror = null;
      try {
        worker.terminate();
      } catch {
        // gone already
      }
    }
    const jobs = this.jobs;
    this.jobs = [];
    const error = reason instanceof Error ? reason : new Error('compression worker failed');
    for (const job of jobs) job.reject(error);
  }

  private armWatchdog(): void {
    if (this.watchdog !== null) return;
    this.watchdog = this.timers.setTimeout(() => {
      this.watchdog = null;
      this.fail(new Error('compression worker timed out'));
    }, this.timeoutMs);
  }

  private clearWatchdog(): void {
    if (this.watchdog !== null) this.timers.clearTimeout(this.watchdog);
    this.watchdog = null;
  }
}

/**
 * Source of the worker: runs `factorySource` (a self-contained function returning a gzip
 * function, see gzip.ts) and answers each { id, json } with { id, body }: the gzip of the JSON's
 * UTF-8, transferred.
 */
export function workerSource(factorySource: string): string {
  return `(${workerMain.toString()})(${factorySource});`;
}

/**
 * Runs inside the worker. Must stay self-contained (its text is all the worker gets). An error
 * here reaches the page's Worker.onerror, which switches the SDK to the main-thread path.
 */
function workerMain(factory: () => (data: Uint8Array) => Uint8Array): void {
  var gzip = factory();
  var scope = self as unknown as {
    onmessage: (event: { data: { id: number; json: string } }) => void;
    postMessage: (message: unknown, transfer: ArrayBuffer[]) => void;
  };
  var encoder = new TextEncoder();
  scope.onmessage = function (event) {
    var body = gzip(encoder.encode(event.data.json));
    scope.postMessage({ id: event.data.id, body: body }, [body.buffer as ArrayBuffer]);
  };
}

/**
 * Creates workers running `source` from a Blob URL, or null when the browser has no Worker or
 * Blob URLs. A Content-Security-Policy without blob: in worker-src (or script-src) makes the
 * worker fail to start; that arrives as its error event and switches to the main thread.
 */
export function blobWorkerFactory(source: string): (() => WorkerLike) | null {
  if (typeof Worker !== 'function' || typeof Blob !== 'function') return null;
  if (typeof URL === 'undefined' || typeof URL.createObjectURL !== 'function') return null;
  return () => {
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    let worker: Worker;
    try {
      worker = new Worker(url);
    } catch (error) {
      URL.revokeObjectURL(url);
      throw error;
    }
    // The URL must live until the worker has loaded it; it goes when the worker does.
    const terminate = worker.terminate.bind(worker);
    worker.terminate = () => {
      terminate();
      URL.revokeObjectURL(url);
    };
    return worker as unknown as WorkerLike;
  };
}
