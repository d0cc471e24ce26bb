/**
 * Test doubles for the injected dependencies (clock + timers, storage, fetch). Not bundled.
 */
import type { StorageLike } from '../session.ts';
import type { FetchInitLike, FetchLike, FetchResponseLike, Timers } from '../transport/sender.ts';

interface PendingTimer {
  id: number;
  at: number;
  callback: () => void;
}

/** A clock whose timers run only when the test advances time. */
export class ManualClock implements Timers {
  nowMs: number;
  private timers: PendingTimer[] = [];
  private nextId = 1;

  constructor(startMs: number) {
    this.nowMs = startMs;
  }

  now = (): number => this.nowMs;

  setTimeout(callback: () => void, delayMs: number): unknown {
    const id = this.nextId++;
    this.timers.push({ id, at: this.nowMs + Math.max(0, delayMs), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Delays (ms from now) of the pending timers, soonest first. */
  pendingDelays(): number[] {
    return this.timers.map((t) => t.at - this.nowMs).sort((a, b) => a - b);
  }

  /** Advances time, running due timers in order (and awaiting microtasks between them). */
  async advance(ms: number): Promise<void> {
    const end = this.nowMs + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.nowMs = Math.max(this.nowMs, due.at);
      due.callback();
    }
    this.nowMs = end;
    await settle();
  }
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

export class MemoryStorage implements StorageLike {
  readonly items = new Map<string, string>();
  /** setItem calls per key: Web Storage writes are synchronous work on the host page. */
  readonly writes = new Map<string, number>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
    this.writes.set(key, (this.writes.get(key) ?? 0) + 1);
  }
}

export interface RecordedRequest {
  url: string;
  init: FetchInitLike;
}

/** An answer; `body` defaults to an IngestResponse for 2xx (not live), an error body otherwise. */
export type Reply = { status: number; headers?: Record<string, string>; body?: unknown } | 'network-error' | 'pending';

/**
 * fetch that records requests and answers from a script of replies (then 200 by default).
 * 'pending' replies never settle until `release()` is called.
 */
export class FakeFetch {
  readonly requests: RecordedRequest[] = [];
  private replies: Reply[] = [];
  private held: Array<(body?: unknown) => void> = [];
  defaultReply: Reply = { status: 200 };

  reply(...replies: Reply[]): this {
    this.replies.push(...replies);
    return this;
  }

  /** Settles held ('pending') requests with 200 and `body` (default: an IngestResponse, not live). */
  release(body?: unknown): void {
    const held = this.held;
    this.held = [];
    for (const resolve of held) resolve(body);
  }

  fetch: FetchLike = (url, init) => {
    this.requests.push({ url, init });
    const reply = this.replies.shift() ?? this.defaultReply;
    if (reply === 'network-error') return Promise.reject(new TypeError('Failed to fetch'));
    if (reply === 'pending') {
      return new Promise<FetchResponseLike>((resolve) => {
        this.held.push((body) => resolve(response(200, {}, body)));
      });
    }
    return Promise.resolve(response(reply.status, reply.headers ?? {}, reply.body));
  };
}

function response(status: number, headers: Record<string, string>, body?: unknown): FetchResponseLike {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const json =
    body ?? (status >= 200 && status < 300 ? { ok: true, duplicate: false, live: false } : { error: { code: 'internal', message: String(status) } });
  return { status, headers: { get: (name) => lower.get(name.toLowerCase()) ?? null }, json: () => Promise.resolve(json) };
}

/** Deterministic byte source for ids: a counter, so consecutive ids differ. */
export function counterRandom(): (bytes: Uint8Array) => void {
  let n = 0;
  return (bytes) => {
    for (let i = 0; i < bytes.length; i++) bytes[i] = (n + i * 37) & 0xff;
    n++;
  };
}
