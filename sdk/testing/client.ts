/**
 * A ReplayClient wired to fakes (clock, storage, fetch, rrweb, page events) for unit tests.
 * Not bundled.
 */
import { gunzipSync, strFromU8 } from 'fflate';
import { validateBatch, type IngestBatch, type RecordedEvent } from '../../wire/index.ts';
import { ReplayClient, type ClientDeps, type ListenerTarget } from '../client.ts';
import { resolveOptions, type ResolvedOptions } from '../options.ts';
import type { RecordingOptions, StartRecording } from '../recording/startRecording.ts';
import { FakeFetch, ManualClock, MemoryStorage, counterRandom } from './fakes.ts';

export const T0 = Date.UTC(2026, 4, 1, 9, 0, 0);
/**
 * The flush interval setup() gives clients unless a test sets its own: tests count in batches of
 * this length, whatever DEFAULT_FLUSH_INTERVAL_MS ships as.
 */
export const TEST_FLUSH_INTERVAL_MS = 5_000;

export function resolved(extra: Record<string, unknown> = {}): ResolvedOptions {
  const r = resolveOptions({ projectKey: 'pk_test', endpoint: 'http://127.0.0.1:8787', ...extra }, null);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

export class FakeTarget implements ListenerTarget {
  private listeners = new Map<string, Set<() => void>>();
  visibilityState = 'visible';
  addEventListener(type: string, listener: () => void): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(listener);
  }
  removeEventListener(type: string, listener: () => void): void {
    this.listeners.get(type)?.delete(listener);
  }
  dispatch(type: string): void {
    for (const l of [...(this.listeners.get(type) ?? [])]) l();
  }
  count(type: string): number {
    return this.listeners.get(type)?.size ?? 0;
  }
}

/** Stands in for rrweb: each start emits Meta + FullSnapshot, like record() does. */
export class FakeRecorder {
  starts = 0;
  stops = 0;
  current: RecordingOptions | null = null;
  lastOptions: RecordingOptions | null = null;
  private readonly clock: ManualClock;
  constructor(clock: ManualClock) {
    this.clock = clock;
  }
  start: StartRecording = (o) => {
    this.starts++;
    this.current = o;
    this.lastOptions = o;
    this.emit({ type: 4, data: { href: 'https://site.test/', width: 800, height: 600 } });
    this.emit({ type: 2, data: { node: { id: 1 }, initialOffset: { top: 0, left: 0 } } });
    return () => {
      this.stops++;
      this.current = null;
    };
  };
  emit(e: Omit<RecordedEvent, 'timestamp'>, isCheckout = false): void {
    this.current?.emit({ ...e, timestamp: this.clock.nowMs } as RecordedEvent, isCheckout);
  }
  mouse(): void {
    this.emit({ type: 3, data: { source: 1, positions: [{ x: 1, y: 2, id: 5, timeOffset: 0 }] } });
  }
  mutation(): void {
    this.emit({ type: 3, data: { source: 0, texts: [], attributes: [], removes: [], adds: [] } });
  }
}

export interface SetupOptions {
  /**
   * Share storage and clock with an earlier setup: a reload in the same tab. `storage` plays
   * sessionStorage and, unless `visitStorage` is given, localStorage too (their keys differ);
   * another tab of the same browser shares only `visitStorage`.
   */
  shared?: { storage: MemoryStorage; visitStorage?: MemoryStorage; clock: ManualClock };
  /** init() options on top of the defaults. */
  options?: Record<string, unknown>;
  /** Extra or replaced dependencies. */
  deps?: Partial<ClientDeps>;
}

export function setup(shared?: SetupOptions['shared'], extra: Omit<SetupOptions, 'shared'> = {}) {
  const clock = shared?.clock ?? new ManualClock(T0);
  const storage = shared?.storage ?? new MemoryStorage();
  const visitStorage = shared?.visitStorage ?? storage;
  const net = new FakeFetch();
  const recorder = new FakeRecorder(clock);
  const win = new FakeTarget();
  const doc = new FakeTarget();
  const beacons: Uint8Array[] = [];
  const deps: ClientDeps = {
    now: clock.now,
    random: () => 0,
    fillRandom: counterRandom(),
    timers: clock,
    storage: { visit: visitStorage, tab: storage },
    fetch: net.fetch,
    sendBeacon: (_url, body) => {
      beacons.push(body);
      return true;
    },
    startRecording: recorder.start,
    window: win,
    document: doc,
    ...extra.deps,
  };
  const client = new ReplayClient(resolved({ flushIntervalMs: TEST_FLUSH_INTERVAL_MS, ...extra.options }), deps);
  const decode = (body: Uint8Array): IngestBatch => {
    const parsed = validateBatch(JSON.parse(strFromU8(gunzipSync(body))));
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.value;
  };
  const sent = (): IngestBatch[] => net.requests.map((r) => decode(r.init.body));
  return { clock, storage, visitStorage, net, recorder, win, doc, client, sent, beacons, deps, decode };
}
