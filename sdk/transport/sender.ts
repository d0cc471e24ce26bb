/**
 * The send queue: batches go out one request at a time in seq order; a failed batch is retried with
 * the same bytes (same seq, so the server dedupes) after a backoff. When the page goes away,
 * everything pending is handed to fetch({ keepalive }) or sendBeacon at once.
 */
import type { GapPayload } from '../../wire/index.ts';
import { INGEST_CONTENT_TYPE, KEEPALIVE_BUDGET_BYTES, MAX_QUEUED_WIRE_BYTES } from '../constants.ts';
import { safe } from '../util/safe.ts';
import { warnOnce } from '../util/warn.ts';
import { decideAfterAttempt, type AttemptResult } from './retry.ts';

export interface FetchInitLike {
  method: 'POST';
  body: Uint8Array;
  headers: Record<string, string>;
  credentials: 'omit';
  keepalive: boolean;
}

export interface FetchResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  /** The body as JSON (an IngestResponse when accepted). */
  json?(): Promise<unknown>;
}

/** The slice of window.fetch the sender uses. */
export type FetchLike = (url: string, init: FetchInitLike) => Promise<FetchResponseLike>;
/** navigator.sendBeacon with the body wrapped as the SDK needs; false when the browser refused it. */
export type SendBeaconLike = (url: string, body: Uint8Array) => boolean;

export interface Timers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SenderDeps {
  url: string;
  fetch: FetchLike;
  sendBeacon: SendBeaconLike | null;
  now: () => number;
  random: () => number;
  timers: Timers;
  /** The server refused this client for good (4xx other than 408/413/429). */
  onRefused: (status: number) => void;
  /** A batch was given up on (queue full, attempts exhausted, too large). */
  onDropped?: (batch: OutgoingBatch, reason: GapPayload['reason']) => void;
  /** navigator.onLine; while false no request is attempted, so no retry is used up. Default: online. */
  isOnline?: () => boolean;
  /** An accepted batch's answer said whether someone watches the session live. */
  onLive?: (live: boolean) => void;
}

export interface OutgoingBatch {
  seq: number;
  final: boolean;
  body: Uint8Array;
  /** Events in the batch, its JSON size and the gap markers it carries: what is lost if it is dropped. */
  events?: number;
  jsonBytes?: number;
  gaps?: readonly GapPayload[];
}

type AttemptOutcome = Omit<AttemptResult, 'attempts'> & { live?: boolean };

interface QueuedBatch extends OutgoingBatch {
  /** Attempts started so far. */
  attempts: number;
}

export class Sender {
  private readonly deps: SenderDeps;
  /** Batches not yet acknowledged, in seq order. The head may be in flight. */
  private queue: QueuedBatch[] = [];
  private inFlight: QueuedBatch | null = null;
  private retryTimer: unknown = null;
  private keepaliveBytesInFlight = 0;
  private refused = false;
  /** Sending paused because the browser is offline; resume() picks up. */
  private waitingForOnline = false;
  private idleWaiters: Array<() => void> = [];

  constructor(deps: SenderDeps) {
    this.deps = deps;
  }

  /** Seqs waiting to be acknowledged, in order (for tests and diagnostics). */
  get pendingSeqs(): number[] {
    return this.queue.map((b) => b.seq);
  }

  get isRefused(): boolean {
    return this.refused;
  }

  /**
   * Queues a batch; false when refused or the queue is full. With `startSending` false it waits
   * for the next sendAllNow() (the page is going away: a regular request would be cancelled).
   */
  enqueue(batch: OutgoingBatch, startSending = true): boolean {
    if (this.refused) return false;
    if (this.queuedBytes() + batch.body.length > MAX_QUEUED_WIRE_BYTES) {
      warnOnce('queue-full', 'send queue full (endpoint unreachable?); dropping new batches');
      this.deps.onDropped?.(batch, 'buffer-full');
      return false;
    }
    this.insert({ ...batch, attempts: 0 });
    if (startSending) this.pump();
    return true;
  }

  /** True while sending waits for the browser to come back online. */
  get isWaitingForOnline(): boolean {
    return this.waitingForOnline;
  }

  /** The browser is back online: send now instead of waiting out a backoff. */
  resume(): void {
    this.waitingForOnline = false;
    if (this.retryTimer !== null) this.deps.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.pump();
  }

  /** Resolves once everything queued has been acknowledged, dropped or handed to the browser. */
  whenIdle(): Promise<void> {
    if (this.queue.length === 0 || this.refused) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * The page is going away: hand every pending batch (the in-flight one too; a repeat is only a
   * duplicate) to fetch({ keepalive }) while the keepalive budget lasts, then to sendBeacon.
   * A batch neither accepts stays queued for regular sending, should the page live on.
   */
  sendAllNow(): void {
    if (this.refused) return;
    for (const batch of this.queue.slice()) {
      const size = batch.body.length;
      if (this.keepaliveBytesInFlight + size <= KEEPALIVE_BUDGET_BYTES) {
        this.remove(batch);
        this.keepaliveBytesInFlight += size;
        batch.attempts++;
        void this.post(batch, true).then(
          safe((result: AttemptOutcome) => {
            this.keepaliveBytesInFlight -= size;
            this.settle(batch, result, true);
          }),
        );
      } else if (this.beacon(batch)) {
        this.remove(batch);
      }
    }
    this.pump();
  }

  private beacon(batch: QueuedBatch): boolean {
    if (!this.deps.sendBeacon) return false;
    try {
      return this.deps.sendBeacon(this.deps.url, batch.body);
    } catch {
      return false;
    }
  }

  private pump(): void {
    if (this.refused || this.inFlight !== null || this.retryTimer !== null) return;
    const head = this.queue[0];
    if (!head) return;
    if (!this.isOnline()) {
      this.waitingForOnline = true;
      return;
    }
    this.inFlight = head;
    head.attempts++;
    void this.post(head, false).then(
      safe((result: AttemptOutcome) => {
        this.inFlight = null;
        this.settle(head, result, false);
        this.pump();
      }),
    );
  }

  /** One request; never rejects. */
  private post(batch: QueuedBatch, keepalive: boolean): Promise<AttemptOutcome> {
    let request: Promise<FetchResponseLike>;
    try {
      request = this.deps.fetch(this.deps.url, {
        method: 'POST',
        body: batch.body,
        headers: { 'content-type': INGEST_CONTENT_TYPE },
        credentials: 'omit',
        keepalive,
      });
    } catch (error) {
      request = Promise.reject(error);
    }
    return request.then(
      (response) =>
        readLive(response).then((live) => ({ status: response.status, retryAfter: readRetryAfter(response), live })),
      () => ({ status: null, retryAfter: null }),
    );
  }

  /**
   * Applies the retry policy to a finished attempt. `fromUnload` attempts own their batch (it was
   * taken off the queue); a regular attempt whose batch was meanwhile handed to the unload path
   * leaves retrying to that path.
   */
  private settle(batch: QueuedBatch, result: AttemptOutcome, fromUnload: boolean): void {
    if (result.status === null && !this.isOnline()) {
      // Failed because the browser is offline: the attempt does not count; wait for 'online'.
      batch.attempts = Math.max(0, batch.attempts - 1);
      if (fromUnload && !this.queue.includes(batch)) this.insert(batch);
      this.waitingForOnline = true;
      return;
    }
    const decision = decideAfterAttempt({ ...result, attempts: batch.attempts }, this.deps.now(), this.deps.random);
    switch (decision.kind) {
      case 'done':
        this.remove(batch);
        if (result.live !== undefined) this.deps.onLive?.(result.live);
        return;
      case 'drop':
        this.remove(batch);
        this.deps.onDropped?.(batch, decision.reason === 'payload_too_large' ? 'too-large' : 'send-failed');
        warnOnce(
          `drop-${decision.reason}`,
          decision.reason === 'payload_too_large'
            ? 'a batch was too large for the server and was dropped'
            : `a batch could not be sent after ${batch.attempts} attempts and was dropped`,
        );
        return;
      case 'stop':
        this.refuse(decision.status);
        return;
      case 'retry':
        if (fromUnload) {
          if (!this.queue.includes(batch)) this.insert(batch);
          this.pump();
          return;
        }
        if (this.queue[0] !== batch || this.retryTimer !== null) return;
        this.retryTimer = this.deps.timers.setTimeout(
          safe(() => {
            this.retryTimer = null;
            this.pump();
          }),
          decision.delayMs,
        );
        return;
    }
  }

  private refuse(status: number): void {
    if (this.refused) return;
    this.refused = true;
    this.queue = [];
    if (this.retryTimer !== null) this.deps.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.notifyIfIdle();
    warnOnce('refused', `the server refused recordings (HTTP ${status}); recording stopped`);
    this.deps.onRefused(status);
  }

  private insert(batch: QueuedBatch): void {
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1].seq > batch.seq) i--;
    this.queue.splice(i, 0, batch);
  }

  private remove(batch: QueuedBatch): void {
    const i = this.queue.indexOf(batch);
    if (i >= 0) this.queue.splice(i, 1);
    this.notifyIfIdle();
  }

  private isOnline(): boolean {
    try {
      return this.deps.isOnline?.() !== false;
    } catch {
      return true;
    }
  }

  private queuedBytes(): number {
    let total = 0;
    for (const b of this.queue) total += b.body.length;
    return total;
  }

  private notifyIfIdle(): void {
    if (this.queue.length > 0 && !this.refused) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** IngestResponse.live of an accepted batch; undefined when absent or unreadable. Never rejects. */
function readLive(response: FetchResponseLike): Promise<boolean | undefined> {
  if (response.status < 200 || response.status > 299 || !response.json) return Promise.resolve(undefined);
  try {
    return response.json().then(
      (body) => {
        const live = (body as { live?: unknown } | null)?.live;
        return typeof live === 'boolean' ? live : undefined;
      },
      () => undefined,
    );
  } catch {
    return Promise.resolve(undefined);
  }
}

function readRetryAfter(response: FetchResponseLike): string | null {
  try {
    return response.headers.get('retry-after');
  } catch {
    return null;
  }
}
