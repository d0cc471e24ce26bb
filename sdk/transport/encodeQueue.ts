/**
 * Batches between "cut" and "queued for sending": compressed off the main thread when a worker is
 * available, handed on strictly in the order they were cut (so the sender keeps seq order), and
 * compressible at once on the main thread when the page is going away.
 */
import { safe } from '../util/safe.ts';
import type { Compressor } from './compressWorker.ts';
import { utf8 } from './encodeBatch.ts';
import type { Gzip } from './gzip.ts';

interface Job<M> {
  meta: M;
  json: string;
  body: Uint8Array | null;
}

export class EncodeQueue<M> {
  private readonly gzip: Gzip;
  private readonly compressor: Compressor | null;
  private readonly deliver: (meta: M, body: Uint8Array) => void;
  private jobs: Array<Job<M>> = [];
  private idleWaiters: Array<() => void> = [];

  /** `deliver` gets each compressed batch, in push order. */
  constructor(gzip: Gzip, compressor: Compressor | null, deliver: (meta: M, body: Uint8Array) => void) {
    this.gzip = gzip;
    this.compressor = compressor;
    this.deliver = deliver;
  }

  /** Batches still being compressed. */
  get pending(): number {
    return this.jobs.length;
  }

  /**
   * Compresses the UTF-8 of `json`. `sync` compresses now on this thread, after everything queued
   * before it. The worker gets the string itself: encoding it there keeps that off this thread too.
   */
  push(meta: M, json: string, sync: boolean): void {
    const job: Job<M> = { meta, json, body: null };
    this.jobs.push(job);
    const started = sync ? null : this.startAsync(json);
    if (!started) {
      this.flushSync();
      return;
    }
    started.then(
      safe((body: Uint8Array) => this.complete(job, body)),
      safe(() => this.complete(job, null)),
    );
  }

  /** Compresses everything still waiting on this thread and delivers it (pagehide, stop). */
  flushSync(): void {
    for (const job of this.jobs) if (!job.body) job.body = this.gzip(utf8(job.json));
    this.drain();
  }

  /** Resolves once every batch pushed so far has been delivered. */
  whenIdle(): Promise<void> {
    if (this.jobs.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private startAsync(json: string): Promise<Uint8Array> | null {
    if (!this.compressor) return null;
    try {
      return this.compressor.start(json);
    } catch {
      return null;
    }
  }

  /** A worker answer (null: the worker failed, compress here). Late answers are ignored. */
  private complete(job: Job<M>, body: Uint8Array | null): void {
    if (job.body || !this.jobs.includes(job)) return;
    job.body = body ?? this.gzip(utf8(job.json));
    this.drain();
  }

  private drain(): void {
    while (this.jobs.length > 0 && this.jobs[0].body) {
      const job = this.jobs.shift()!;
      this.deliver(job.meta, job.body!);
    }
    if (this.jobs.length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
