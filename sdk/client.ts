/**
 * One recording client: wires the session, rrweb, the buffers, compression and the sender to the
 * page's lifecycle. Every browser dependency is injected (ClientDeps), so tests drive it with fakes.
 *
 * Phases of a session on this page:
 *   pending – recording into the ring buffer, uploading nothing, until the sampling decision is
 *             known (remote config, at most REMOTE_CONFIG_TIMEOUT_MS) and a duplicated tab ruled out
 *   full    – every event goes into batches that are compressed and sent
 *   buffer  – the ring buffer keeps the last BUFFER_MODE_WINDOW_MS; an error switches to full
 *   off     – not sampled: nothing is recorded or sent
 */
import {
  BUFFER_MODE_WINDOW_MS,
  CustomTag,
  EventType,
  MAX_BATCH_BYTES,
  MAX_WIRE_BYTES,
  customData,
  type CustomPayloads,
  type GapPayload,
  type IdentifyPayload,
  type Properties,
  type RecordedEvent,
  type RemoteConfig,
} from '../wire/index.ts';
import { EventBuffer, batchIntervalMs, cutReason, msUntilTimeCut, type BatchLimits } from './buffer/eventBuffer.ts';
import { GapTracker, type GapReason } from './buffer/gaps.ts';
import { RingBuffer } from './buffer/ringBuffer.ts';
import { configUrl, decideMode, effectiveConfig, parseRemoteConfig } from './config/remoteConfig.ts';
import {
  ACTIVITY_SAVE_INTERVAL_MS,
  BATCH_MAX_SERIALIZED_BYTES,
  DUPLICATE_TAB_CHECK_MS,
  REMOTE_CONFIG_TIMEOUT_MS,
  RING_BUFFER_MAX_SERIALIZED_BYTES,
} from './constants.ts';
import type { ResolvedOptions } from './options.ts';
import { isUserActivity } from './recording/activity.ts';
import type { SignalSink } from './recording/early.ts';
import type { StartRecording } from './recording/startRecording.ts';
import {
  claimSeq,
  currentSession,
  isSessionExpired,
  loadTab,
  loadVisit,
  newTabId,
  resumeOrCreateSession,
  saveSession,
  touchSession,
  withMode,
  withSharedVisit,
  type RecordingMode,
  type SessionState,
  type SessionStores,
} from './session.ts';
import { TabPresence, type ChannelLike } from './tab/presence.ts';
import type { Compressor } from './transport/compressWorker.ts';
import { batchJson } from './transport/encodeBatch.ts';
import { EncodeQueue } from './transport/encodeQueue.ts';
import { gzipFactory, type Gzip } from './transport/gzip.ts';
import { ingestUrl } from './transport/ingestUrl.ts';
import { Sender, type FetchLike, type OutgoingBatch, type SendBeaconLike, type Timers } from './transport/sender.ts';
import { safe } from './util/safe.ts';
import { randomHex, type FillRandom } from './util/uuidv7.ts';
import { warnOnce } from './util/warn.ts';

export interface ListenerTarget {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

export interface ClientDeps {
  now: () => number;
  random: () => number;
  fillRandom: FillRandom;
  timers: Timers;
  /** localStorage (the visit) and sessionStorage (this tab); null where the page may not use one. */
  storage: SessionStores;
  fetch: FetchLike;
  sendBeacon: SendBeaconLike | null;
  startRecording: StartRecording;
  /**
   * Installs console, error, network, navigation, click and asset capture sending to `emit`;
   * returns the uninstall function. Absent: no capture beside rrweb.
   */
  installCapture?: (emit: SignalSink) => () => void;
  /** window: pagehide, pageshow, online, error, unhandledrejection */
  window: ListenerTarget;
  /** document: visibilitychange */
  document: ListenerTarget & { readonly visibilityState: string };
  /**
   * GET a URL and resolve with its parsed JSON body; reject on any failure. Absent: no remote
   * config is asked for and init()'s sampleRate/bufferMode apply at once.
   */
  fetchConfig?: (url: string) => Promise<unknown>;
  /** Compression off the main thread. Absent or null: batches are compressed on the main thread. */
  compressor?: Compressor | null;
  /** Main-thread gzip. Default: fflate's gzipSync. */
  gzip?: Gzip;
  /** navigator.onLine. Default: always online. */
  isOnline?: () => boolean;
  /** Opens the BroadcastChannel used to detect duplicated tabs. Absent: no detection. */
  openChannel?: () => ChannelLike | null;
}

type Phase = 'pending' | RecordingMode;

/** Random bytes in the nonce that tells this page load apart on the tab channel. */
const PAGE_NONCE_BYTES = 16;

interface BatchMeta {
  seq: number;
  final: boolean;
  events: number;
  jsonBytes: number;
  /** Gap markers carried by this batch: counted again if the batch itself is lost. */
  gaps: GapPayload[];
  startSending: boolean;
}

export class ReplayClient {
  private readonly options: ResolvedOptions;
  private readonly deps: ClientDeps;
  private readonly limits: BatchLimits;
  private readonly buffer = new EventBuffer();
  private readonly ring = new RingBuffer(RING_BUFFER_MAX_SERIALIZED_BYTES);
  private readonly gaps = new GapTracker();
  private readonly encoder: EncodeQueue<BatchMeta>;
  private readonly sender: Sender;
  /** Answers other tabs for this page's session; opened once the page records (not when off). */
  private presence: TabPresence | null = null;
  private session: SessionState | null = null;
  private phase: Phase = 'pending';
  private stopRecording: (() => void) | null = null;
  private cutTimer: unknown = null;
  private rolloverTimer: unknown = null;
  private checkoutTimer: unknown = null;
  private lastCheckoutAt = 0;
  /** When the session was last written to storage. */
  private lastSavedAt = 0;
  /** The last batch cut was final and nothing was recorded since: a second final would be empty. */
  private lastCutFinal = false;
  /** No batch was cut yet since recording started on this page (or a new session began): it goes out early. */
  private firstBatch = true;
  /** The server's last answer said someone watches this session live. */
  private live = false;
  /** Gap markers added to `buffer` since the last cut. */
  private gapsInBuffer: GapPayload[] = [];
  /** The page is going away: batches are handed to the unload path, not sent one by one. */
  private unloading = false;
  private running = false;
  /** Bumped by every new decision; an older one's async answer is ignored. */
  private decision = 0;
  private decisionWaiters: Array<() => void> = [];
  /** An error happened before the decision: a buffer-mode session uploads at once. */
  private errorWhilePending = false;
  /** The remote config's answer for this page: undefined until asked, null when it failed. */
  private remote: Partial<RemoteConfig> | null | undefined = undefined;
  private remoteRequest: Promise<void> | null = null;
  /**
   * Latest identify() and the merged setProperties(), with when they were first recorded: repeated
   * when buffer mode's trimming dropped them and when a new session starts.
   */
  private identity: IdentifyPayload | null = null;
  private identityAt = Infinity;
  private properties: Properties = {};
  private propertiesAt = Infinity;
  private unlisten: Array<() => void> = [];
  private uninstallCapture: (() => void) | null = null;

  constructor(options: ResolvedOptions, deps: ClientDeps) {
    this.options = options;
    this.deps = deps;
    this.limits = { flushIntervalMs: this.intervalNow(), maxSerializedBytes: BATCH_MAX_SERIALIZED_BYTES };
    this.encoder = new EncodeQueue<BatchMeta>(deps.gzip ?? gzipFactory(), deps.compressor ?? null, (meta, body) =>
      this.guard(() => this.onEncoded(meta, body))(),
    );
    this.sender = new Sender({
      url: ingestUrl(options.endpoint, options.projectKey),
      fetch: deps.fetch,
      sendBeacon: deps.sendBeacon,
      now: deps.now,
      random: deps.random,
      timers: deps.timers,
      onRefused: () => this.shutdown(),
      onDropped: (batch, reason) => this.onDropped(batch, reason),
      isOnline: deps.isOnline,
      onLive: (live) => this.guard(() => this.onLive(live))(),
    });
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** The current session id (null before start). */
  get sessionId(): string | null {
    return this.session?.id ?? null;
  }

  /** This tab's id in the session (null before start). */
  get tabId(): string | null {
    return this.session?.tab ?? null;
  }

  /** 'pending' until the sampling decision, then the session's recording mode. */
  get recordingPhase(): Phase {
    return this.phase;
  }

  /** Starts recording; false when rrweb could not start (the client is then shut down). */
  start(): boolean {
    if (this.running) return true;
    const stores = this.deps.storage;
    const { session, resumedTab } = resumeOrCreateSession(loadVisit(stores), loadTab(stores), this.deps.now(), this.deps.fillRandom);
    this.session = session;
    this.lastCutFinal = false;
    this.firstBatch = true;
    this.limits.flushIntervalMs = this.intervalNow();
    this.save();
    this.running = true;
    this.listen();
    if (this.session.mode === 'off') {
      // Not sampled, decided on an earlier page of this visit. A copy of this tab is not
      // sampled either, so there is no duplicate to look for.
      this.phase = 'off';
      return true;
    }
    this.phase = 'pending';
    if (this.deps.openChannel) this.presence = new TabPresence(this.deps.openChannel, randomHex(this.deps.fillRandom, PAGE_NONCE_BYTES), this.deps.timers);
    // rrweb first: the recording opens with its full snapshot, and signals follow it.
    if (!this.beginRecording()) {
      warnOnce('record-failed', 'could not start recording');
      this.shutdown();
      return false;
    }
    this.uninstallCapture = this.deps.installCapture?.((tag, payload) => this.addCustom(tag, payload)) ?? null;
    this.decide(resumedTab);
    return this.running;
  }

  /** Stops recording; what was recorded is still sent (marked final) when the session is uploading. */
  stop(): void {
    if (!this.running) return;
    this.settleNow();
    this.cut(true);
    this.shutdown();
  }

  /** Cuts a batch now; resolves when everything queued so far is sent, dropped or handed off. */
  flush(): Promise<void> {
    if (this.running && this.phase === 'pending') {
      return new Promise<void>((resolve) => this.decisionWaiters.push(resolve)).then(() => this.flush());
    }
    if (this.running) this.cut(false);
    return this.encoder.whenIdle().then(() => this.sender.whenIdle());
  }

  /**
   * Where the dashboard shows this moment of the session, or null while nothing is uploaded
   * (not started, deciding, not sampled, buffer mode before an error).
   */
  sessionUrl(): string | null {
    const tab = this.tabId;
    if (!this.running || this.phase !== 'full' || !this.session || tab === null) return null;
    // A wall-clock moment: only the dashboard knows where this tab's replay starts.
    return `${this.options.endpoint}/#/s/${encodeURIComponent(this.session.id)}?tab=${tab}&at=${Math.round(this.deps.now())}`;
  }

  /** Records one of edge-replay's own signals as an rrweb Custom event, in order with the DOM events. */
  addCustom<T extends CustomTag>(tag: T, payload: CustomPayloads[T]): void {
    this.guard(() => {
      if (!this.running || this.phase === 'off') return;
      const now = this.deps.now();
      if (tag === CustomTag.Identify) {
        this.identity = payload as IdentifyPayload;
        this.identityAt = now;
      }
      if (tag === CustomTag.Properties) {
        this.properties = { ...this.properties, ...(payload as CustomPayloads['er.properties']).props };
        this.propertiesAt = Math.min(this.propertiesAt, now);
      }
      this.onEvent(this.customEvent(tag, payload, now), false);
    })();
  }

  private beginRecording(): boolean {
    this.lastCheckoutAt = this.deps.now();
    this.stopRecording = this.deps.startRecording({
      privacy: this.options.privacy,
      checkoutEveryMs: this.options.checkoutEveryMs,
      recordCanvas: this.options.recordCanvas,
      emit: this.guard((event: RecordedEvent, isCheckout: boolean) => this.onEvent(event, isCheckout)),
    });
    return this.stopRecording !== null;
  }

  // ---- the sampling decision -------------------------------------------------------------------

  /**
   * Settles the session's mode: first rules out a duplicated tab (a tab id from storage only),
   * then uses the visit's mode or draws one with the remote config. Synchronous when nothing
   * needs asking.
   */
  private decide(resumedTab: boolean): void {
    const decision = ++this.decision;
    const session = this.session;
    if (!session) return;
    if (!resumedTab || !this.presence?.available) {
      this.decideMode(decision);
      return;
    }
    void this.presence.isInUse(session.tab, DUPLICATE_TAB_CHECK_MS).then(
      this.guard((inUse: boolean) => {
        if (decision !== this.decision || !this.running || !this.session) return;
        if (inUse) {
          // A copy of a live tab (sessionStorage was duplicated): same visit, its own tab stream.
          // Nothing was cut yet, so everything recorded so far moves with it.
          this.session = { ...this.session, tab: newTabId(this.deps.fillRandom), nextSeq: 0 };
          this.save();
        }
        this.decideMode(decision);
      }),
    );
  }

  private decideMode(decision: number): void {
    if (!this.session) return;
    // Another tab of the visit may have decided meanwhile: the decision is made once per visit.
    const session = this.refresh();
    this.presence?.claim(session.tab);
    if (session.mode) {
      this.applyMode(session.mode);
      return;
    }
    const draw = () => decideMode(effectiveConfig(this.options, this.remote ?? null), this.deps.random);
    if (this.remote !== undefined || !this.deps.fetchConfig) {
      this.applyMode(draw());
      return;
    }
    void this.loadRemoteConfig().then(
      this.guard(() => {
        if (decision !== this.decision || !this.running || this.phase !== 'pending') return;
        this.applyMode(this.refresh().mode ?? draw());
      }),
    );
  }

  /** Asks for the remote config once per page; settles (never rejects) within REMOTE_CONFIG_TIMEOUT_MS. */
  private loadRemoteConfig(): Promise<void> {
    if (this.remoteRequest) return this.remoteRequest;
    const fetchConfig = this.deps.fetchConfig!;
    this.remoteRequest = new Promise<void>((resolve) => {
      let done = false;
      const finish = (answer: Partial<RemoteConfig> | null) => {
        if (done) return;
        done = true;
        this.deps.timers.clearTimeout(timer);
        this.remote = answer;
        resolve();
      };
      const timer = this.deps.timers.setTimeout(() => finish(null), REMOTE_CONFIG_TIMEOUT_MS);
      let request: Promise<unknown>;
      try {
        request = fetchConfig(configUrl(this.options.endpoint, this.options.projectKey));
      } catch (error) {
        request = Promise.reject(error);
      }
      request.then(
        (body) => finish(parseRemoteConfig(body)),
        () => finish(null),
      );
    });
    return this.remoteRequest;
  }

  /** The page is going away or recording stops: a decision waiting only on the duplicate check applies now. */
  private settleNow(): void {
    if (this.phase !== 'pending' || !this.session?.mode) return;
    this.decision++;
    this.presence?.claim(this.session.tab);
    this.applyMode(this.session.mode);
  }

  private applyMode(mode: RecordingMode): void {
    if (!this.session || !this.running) return;
    this.session = withMode(this.session, mode);
    this.save();
    this.phase = mode;
    if (mode === 'off') {
      this.endRecording();
      this.removeCapture();
      this.ring.clear();
      this.buffer.take();
      // A copy of this tab is not sampled either: nothing to answer for.
      this.presence?.close();
      this.presence = null;
    } else if (mode === 'full') {
      this.moveRingToBatches();
    } else if (this.errorWhilePending) {
      this.switchToFull();
    } else {
      this.trimRing();
      this.armCheckout(BUFFER_MODE_WINDOW_MS);
    }
    this.errorWhilePending = false;
    const waiters = this.decisionWaiters;
    this.decisionWaiters = [];
    for (const resolve of waiters) resolve();
  }

  // ---- events ----------------------------------------------------------------------------------

  private onEvent(event: RecordedEvent, isCheckout: boolean): void {
    if (!this.running || !this.session || this.rolloverTimer !== null || this.phase === 'off') return;
    const now = this.deps.now();
    const activity = isUserActivity(event);
    if (isSessionExpired(this.session, now) && isSessionExpired(this.refresh(), now)) {
      // Events of an expired session are dropped; the visitor's return starts a new session (or
      // joins one another tab started), which opens with its own full snapshot.
      if (activity) this.scheduleRollover();
      return;
    }
    if (activity) this.touch(now);
    if (this.phase !== 'full') {
      if (!this.ring.add(event)) return;
      this.trimRing();
      if (customData(event)?.tag === CustomTag.Error) this.onPageError();
      return;
    }
    // Start a new batch at each periodic checkout (Meta, then FullSnapshot).
    if (isCheckout && event.type === EventType.Meta) this.cut(false);
    this.addGapMarkers(now);
    if (!this.buffer.add(event, now)) return;
    this.lastCutFinal = false;
    if (cutReason(this.buffer, now, this.limits) !== null) this.cut(false);
    else this.armCutTimer(now);
  }

  /** An uncaught error or rejection (or the capture module's error signal). */
  private onPageError(): void {
    if (!this.running) return;
    if (this.phase === 'buffer') this.switchToFull();
    else if (this.phase === 'pending') this.errorWhilePending = true;
  }

  /** Buffer mode after an error: upload what the ring holds, then record normally for the rest of the session. */
  private switchToFull(): void {
    if (!this.session) return;
    this.session = withMode(this.session, 'full');
    this.save();
    this.phase = 'full';
    this.clearCheckoutTimer();
    this.moveRingToBatches();
    this.cut(false);
  }

  /** Moves what the ring holds into batches, cutting whenever one is full. */
  private moveRingToBatches(): void {
    const now = this.deps.now();
    const keptFrom = this.ring.oldestTimestamp ?? now;
    for (const json of this.ring.take()) {
      this.buffer.addSerialized(json, now);
      const reason = cutReason(this.buffer, now, this.limits);
      if (reason === 'size' || reason === 'count') this.cut(false);
    }
    // identify/setProperties that trimming dropped from the ring are repeated for this upload.
    if (this.identity && this.identityAt < keptFrom) this.buffer.add(this.customEvent(CustomTag.Identify, this.identity, now), now);
    if (this.propertiesAt < keptFrom) this.buffer.add(this.customEvent(CustomTag.Properties, { props: this.properties }, now), now);
    if (this.buffer.count > 0) {
      this.lastCutFinal = false;
      this.armCutTimer(now);
    }
  }

  private customEvent<T extends CustomTag>(tag: T, payload: CustomPayloads[T], now: number): RecordedEvent {
    return { type: EventType.Custom, timestamp: now, data: { tag, payload } };
  }

  /** Keeps the ring within its window (buffer mode) and byte cap; a lost snapshot is retaken. */
  private trimRing(): void {
    const trimmed = this.ring.trim(this.deps.now(), this.phase === 'buffer' ? BUFFER_MODE_WINDOW_MS : null);
    if (trimmed.needsCheckout) this.armCheckout(Math.max(0, this.lastCheckoutAt + BUFFER_MODE_WINDOW_MS - this.deps.now()));
  }

  /**
   * Takes a fresh full snapshot (by restarting rrweb) after `delayMs`, and in buffer mode again
   * every BUFFER_MODE_WINDOW_MS, so the ring never has to keep more than about two windows.
   */
  private armCheckout(delayMs: number): void {
    if (this.checkoutTimer !== null) return;
    this.checkoutTimer = this.deps.timers.setTimeout(
      this.guard(() => {
        this.checkoutTimer = null;
        if (!this.running || (this.phase !== 'buffer' && this.phase !== 'pending')) return;
        this.endRecording();
        if (!this.beginRecording()) {
          warnOnce('record-failed', 'could not start recording');
          this.shutdown();
          return;
        }
        if (this.phase === 'buffer') this.armCheckout(BUFFER_MODE_WINDOW_MS);
      }),
      delayMs,
    );
  }

  // ---- batches ---------------------------------------------------------------------------------

  private armCutTimer(now: number): void {
    if (this.cutTimer !== null) return;
    const delayMs = msUntilTimeCut(this.buffer, now, this.limits);
    if (delayMs === null) return;
    this.cutTimer = this.deps.timers.setTimeout(
      this.guard(() => {
        this.cutTimer = null;
        this.cut(false);
      }),
      delayMs,
    );
  }

  /** Puts a marker for events dropped since the last one into the buffer, where the gap ends. */
  private addGapMarkers(now: number): void {
    if (this.gaps.isEmpty) return;
    for (const { event, payload } of this.gaps.takeMarkers(now)) {
      if (this.buffer.add(event, now)) this.gapsInBuffer.push(payload);
    }
  }

  /**
   * Turns the buffer into a batch: claims and persists the seq first (a reload must never reuse
   * it), then encodes once and hands the bytes to compression. `final` batches are sent even when
   * empty and compressed on the main thread (the page may be gone before a worker answers).
   * `startSending` false leaves the batch for Sender.sendAllNow().
   */
  private cut(final: boolean, startSending = true): void {
    if (!this.session || this.phase !== 'full') return;
    this.clearCutTimer();
    const now = this.deps.now();
    this.addGapMarkers(now);
    if (this.buffer.count === 0 && (!final || this.lastCutFinal)) return;
    const claimed = claimSeq(this.session);
    this.session = claimed.session;
    this.save();
    this.lastCutFinal = final;
    if (this.firstBatch) {
      this.firstBatch = false;
      this.limits.flushIntervalMs = this.intervalNow();
    }
    const gaps = this.gapsInBuffer;
    this.gapsInBuffer = [];
    const events = this.buffer.take();
    const json = batchJson({ sessionId: this.session.id, tab: this.session.tab, seq: claimed.seq, final, sentAt: now }, events);
    const meta: BatchMeta = { seq: claimed.seq, final, events: events.length, jsonBytes: json.length, gaps, startSending };
    // UTF-16 length: never more than the UTF-8 bytes the server counts; a non-ASCII batch just
    // under this gets the server's 413 and the same gap marker.
    if (json.length > MAX_BATCH_BYTES) {
      this.dropBatch(meta, 'too-large');
      return;
    }
    this.encoder.push(meta, json, final || !startSending);
  }

  private onEncoded(meta: BatchMeta, body: Uint8Array): void {
    if (body.length > MAX_WIRE_BYTES) {
      this.dropBatch(meta, 'too-large');
      return;
    }
    const batch: OutgoingBatch = { seq: meta.seq, final: meta.final, body, events: meta.events, jsonBytes: meta.jsonBytes, gaps: meta.gaps };
    this.sender.enqueue(batch, meta.startSending && !this.unloading);
  }

  private intervalNow(): number {
    return batchIntervalMs(this.options.flushIntervalMs, { live: this.live, firstBatch: this.firstBatch });
  }

  /** Someone started or stopped watching this session live: batches are cut sooner while they do. */
  private onLive(live: boolean): void {
    this.live = live;
    const flushIntervalMs = this.intervalNow();
    if (flushIntervalMs === this.limits.flushIntervalMs) return;
    this.limits.flushIntervalMs = flushIntervalMs;
    if (!this.running) return;
    // The pending cut was timed for the old interval.
    this.clearCutTimer();
    if (cutReason(this.buffer, this.deps.now(), this.limits) !== null) this.cut(false);
    else this.armCutTimer(this.deps.now());
  }

  private dropBatch(meta: BatchMeta, reason: GapReason): void {
    warnOnce('batch-too-large', `batch ${meta.seq} exceeds the server's size limits and was dropped`);
    this.onDropped({ seq: meta.seq, final: meta.final, body: new Uint8Array(0), events: meta.events, jsonBytes: meta.jsonBytes, gaps: meta.gaps }, reason);
  }

  /** A batch is lost: the recording gets a counted gap marker (and keeps the markers the batch carried). */
  private onDropped(batch: OutgoingBatch, reason: GapReason): void {
    const carried = batch.gaps ?? [];
    this.gaps.add(reason, (batch.events ?? 0) - carried.length, batch.jsonBytes ?? batch.body.length);
    this.gaps.restore(carried);
  }

  // ---- session lifecycle -----------------------------------------------------------------------

  /** Rollover runs outside rrweb's emit callback: rrweb cannot restart from inside it. */
  private scheduleRollover(): void {
    if (this.rolloverTimer !== null) return;
    this.rolloverTimer = this.deps.timers.setTimeout(
      this.guard(() => {
        this.rolloverTimer = null;
        this.rollover();
      }),
      0,
    );
  }

  /** Ends the current session and starts a new one with a fresh rrweb recording (full snapshot). */
  private rollover(): void {
    if (!this.running) return;
    this.cut(true);
    this.endRecording();
    this.clearCheckoutTimer();
    this.ring.clear();
    this.buffer.take();
    this.gapsInBuffer = [];
    this.errorWhilePending = false;
    this.session = currentSession(this.session!, loadVisit(this.deps.storage), this.deps.now(), this.deps.fillRandom).session;
    this.lastCutFinal = false;
    this.firstBatch = true;
    this.live = false;
    this.limits.flushIntervalMs = this.intervalNow();
    this.save();
    this.phase = 'pending';
    if (!this.beginRecording()) {
      warnOnce('record-failed', 'could not start recording');
      this.shutdown();
      return;
    }
    // The visitor is the same: the new session knows who it is from the start.
    const now = this.deps.now();
    if (this.identity) {
      this.ring.add(this.customEvent(CustomTag.Identify, this.identity, now));
      this.identityAt = now;
    }
    if (this.propertiesAt !== Infinity) {
      this.ring.add(this.customEvent(CustomTag.Properties, { props: this.properties }, now));
      this.propertiesAt = now;
    }
    this.decide(false);
  }

  private onPageHidden(): void {
    if (!this.running || !this.session) return;
    this.settleNow();
    this.unloading = true;
    try {
      this.cut(true, false);
      this.encoder.flushSync();
    } finally {
      this.unloading = false;
    }
    this.save();
    this.sender.sendAllNow();
  }

  /** Tab shown again or page restored from the back/forward cache: the visitor is back. */
  private onPageShown(): void {
    if (!this.running || !this.session || this.phase === 'off') return;
    this.presence?.resume();
    const now = this.deps.now();
    if (isSessionExpired(this.refresh(), now)) this.scheduleRollover();
    else this.touch(now);
  }

  /** This tab's session merged with what other tabs stored for the visit (activity, mode). */
  private refresh(): SessionState {
    this.session = withSharedVisit(this.session!, loadVisit(this.deps.storage));
    return this.session;
  }

  /** Records user activity; the shared visit learns of it at most every ACTIVITY_SAVE_INTERVAL_MS. */
  private touch(now: number): void {
    this.session = touchSession(this.session!, now);
    if (now - this.lastSavedAt >= ACTIVITY_SAVE_INTERVAL_MS) this.save();
  }

  private save(): void {
    if (!this.session) return;
    this.session = saveSession(this.deps.storage, this.session);
    this.lastSavedAt = this.deps.now();
  }

  private listen(): void {
    const onVisibility = this.guard(() => {
      if (this.deps.document.visibilityState === 'hidden') this.onPageHidden();
      else this.onPageShown();
    });
    const onPageHide = this.guard(() => {
      this.onPageHidden();
      this.presence?.suspend();
    });
    const onPageShow = this.guard(() => this.onPageShown());
    const onOnline = this.guard(() => this.sender.resume());
    const onError = this.guard(() => this.onPageError());
    const on = (target: ListenerTarget, type: string, listener: () => void) => {
      target.addEventListener(type, listener);
      this.unlisten.push(() => target.removeEventListener(type, listener));
    };
    on(this.deps.document, 'visibilitychange', onVisibility);
    on(this.deps.window, 'pagehide', onPageHide);
    on(this.deps.window, 'pageshow', onPageShow);
    on(this.deps.window, 'online', onOnline);
    on(this.deps.window, 'error', onError);
    on(this.deps.window, 'unhandledrejection', onError);
  }

  /** Stops recording and listening. Queued batches keep going out unless the server refused us. */
  private shutdown(): void {
    this.running = false;
    this.decision++;
    this.endRecording();
    this.removeCapture();
    for (const remove of this.unlisten) {
      try {
        remove();
      } catch {
        // keep tearing down
      }
    }
    this.unlisten = [];
    this.clearCutTimer();
    this.clearCheckoutTimer();
    if (this.rolloverTimer !== null) this.deps.timers.clearTimeout(this.rolloverTimer);
    this.rolloverTimer = null;
    this.buffer.take();
    this.ring.clear();
    this.presence?.close();
    this.presence = null;
    try {
      this.encoder.flushSync();
    } catch {
      // nothing more to save
    }
    safe(() => this.deps.compressor?.dispose())();
    const waiters = this.decisionWaiters;
    this.decisionWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private removeCapture(): void {
    const uninstall = this.uninstallCapture;
    this.uninstallCapture = null;
    if (uninstall) safe(uninstall, () => {})();
  }

  private endRecording(): void {
    const stop = this.stopRecording;
    this.stopRecording = null;
    if (!stop) return;
    try {
      stop();
    } catch (error) {
      warnOnce('record-stop', 'error while stopping the recorder', error);
    }
  }

  private clearCutTimer(): void {
    if (this.cutTimer !== null) this.deps.timers.clearTimeout(this.cutTimer);
    this.cutTimer = null;
  }

  private clearCheckoutTimer(): void {
    if (this.checkoutTimer !== null) this.deps.timers.clearTimeout(this.checkoutTimer);
    this.checkoutTimer = null;
  }

  /** Callbacks from rrweb, timers and page events: an SDK bug shuts the client down, never the page. */
  private guard<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
    return safe(fn, () => this.shutdown());
  }
}
