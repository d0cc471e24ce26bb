/**
 * One recording client: wires the session, rrweb, the event buffer and the sender to the page's
 * lifecycle. Every browser dependency is injected (ClientDeps), so tests drive it with fakes.
 */
import {
  EventType,
  MAX_BATCH_BYTES,
  MAX_WIRE_BYTES,
  type CustomPayloads,
  type CustomTag,
  type RecordedEvent,
} from '../wire/index.ts';
import { installCapture } from './capture/index.ts';
import { textForSignal } from './privacy/text.ts';
import { EventBuffer, cutReason, msUntilTimeCut, type BatchLimits } from './buffer/eventBuffer.ts';
import { BATCH_MAX_SERIALIZED_BYTES } from './constants.ts';
import type { ResolvedOptions } from './options.ts';
import { isUserActivity } from './recording/activity.ts';
import type { StartRecording } from './recording/startRecording.ts';
import {
  claimSeq,
  createSession,
  isSessionExpired,
  loadSession,
  resumeOrCreateSession,
  saveSession,
  touchSession,
  type SessionState,
  type StorageLike,
} from './session.ts';
import { encodeBatch } from './transport/encodeBatch.ts';
import { ingestUrl } from './transport/ingestUrl.ts';
import { Sender, type FetchLike, type SendBeaconLike, type Timers } from './transport/sender.ts';
import { safe } from './util/safe.ts';
import type { FillRandom } from './util/uuidv7.ts';
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
  /** sessionStorage, or null when the page may not use it. */
  storage: StorageLike | null;
  fetch: FetchLike;
  sendBeacon: SendBeaconLike | null;
  startRecording: StartRecording;
  /** window: pagehide, pageshow */
  window: ListenerTarget;
  /** document: visibilitychange */
  document: ListenerTarget & { readonly visibilityState: string };
}

export class ReplayClient {
  private readonly options: ResolvedOptions;
  private readonly deps: ClientDeps;
  private readonly limits: BatchLimits;
  private readonly buffer = new EventBuffer();
  private readonly sender: Sender;
  private session: SessionState | null = null;
  private stopRecording: (() => void) | null = null;
  private cutTimer: unknown = null;
  private rolloverTimer: unknown = null;
  /** The last batch cut was final and nothing was recorded since: a second final would be empty. */
  private lastCutFinal = false;
  private running = false;
  private unlisten: Array<() => void> = [];
  private uninstallCapture: (() => void) | null = null;

  constructor(options: ResolvedOptions, deps: ClientDeps) {
    this.options = options;
    this.deps = deps;
    this.limits = { flushIntervalMs: options.flushIntervalMs, maxSerializedBytes: BATCH_MAX_SERIALIZED_BYTES };
    this.sender = new Sender({
      url: ingestUrl(options.endpoint, options.projectKey),
      fetch: deps.fetch,
      sendBeacon: deps.sendBeacon,
      now: deps.now,
      random: deps.random,
      timers: deps.timers,
      onRefused: () => this.shutdown(),
    });
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** The current session id (null before start). */
  get sessionId(): string | null {
    return this.session?.id ?? null;
  }

  /** Starts recording; false when rrweb could not start (the client is then shut down). */
  start(): boolean {
    if (this.running) return true;
    const { session } = resumeOrCreateSession(loadSession(this.deps.storage), this.deps.now(), this.deps.fillRandom);
    this.session = session;
    this.lastCutFinal = false;
    saveSession(this.deps.storage, session);
    this.running = true;
    this.listen();
    this.uninstallCapture = installCapture(this.options.capture, {
      emit: (tag, payload) => this.addCustom(tag, payload),
      now: this.deps.now,
      maskText: (element, text) => textForSignal(element, text, this.options.privacy),
    });
    if (!this.beginRecording()) {
      warnOnce('record-failed', 'could not start recording');
      this.shutdown();
      return false;
    }
    return true;
  }

  /** Stops recording; what was recorded is still sent (marked final). */
  stop(): void {
    if (!this.running) return;
    this.cut(true);
    this.shutdown();
  }

  /** Cuts a batch now; resolves when everything queued so far is sent, dropped or handed off. */
  flush(): Promise<void> {
    if (this.running) this.cut(false);
    return this.sender.whenIdle();
  }

  private beginRecording(): boolean {
    this.stopRecording = this.deps.startRecording({
      privacy: this.options.privacy,
      checkoutEveryMs: this.options.checkoutEveryMs,
      emit: this.guard((event: RecordedEvent, isCheckout: boolean) => this.onEvent(event, isCheckout)),
    });
    return this.stopRecording !== null;
  }

  /** Records one of edge-replay's own signals as an rrweb Custom event, in order with the DOM events. */
  addCustom<T extends CustomTag>(tag: T, payload: CustomPayloads[T]): void {
    this.guard(() =>
      this.onEvent({ type: EventType.Custom, timestamp: this.deps.now(), data: { tag, payload } }, false),
    )();
  }

  private onEvent(event: RecordedEvent, isCheckout: boolean): void {
    if (!this.running || !this.session || this.rolloverTimer !== null) return;
    const now = this.deps.now();
    const activity = isUserActivity(event);
    if (isSessionExpired(this.session, now)) {
      // Events of an expired session are dropped; the visitor's return starts a new session,
      // which opens with its own full snapshot.
      if (activity) this.scheduleRollover();
      return;
    }
    if (activity) this.session = touchSession(this.session, now);
    // Start a new batch at each periodic checkout (Meta, then FullSnapshot).
    if (isCheckout && event.type === EventType.Meta) this.cut(false);
    if (!this.buffer.add(event, now)) return;
    this.lastCutFinal = false;
    if (cutReason(this.buffer, now, this.limits) !== null) this.cut(false);
    else this.armCutTimer(now);
  }

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

  /**
   * Turns the buffer into a batch: claims and persists the seq first (a reload must never reuse
   * it), then encodes once and queues the bytes. `final` batches are sent even when empty.
   * `startSending` false leaves the batch for Sender.sendAllNow().
   */
  private cut(final: boolean, startSending = true): void {
    if (!this.session) return;
    this.clearCutTimer();
    if (this.buffer.count === 0 && (!final || this.lastCutFinal)) return;
    const claimed = claimSeq(this.session);
    this.session = claimed.session;
    saveSession(this.deps.storage, this.session);
    this.lastCutFinal = final;
    const header = { sessionId: this.session.id, seq: claimed.seq, final, sentAt: this.deps.now() };
    const encoded = encodeBatch(header, this.buffer.take());
    if (encoded.jsonBytes > MAX_BATCH_BYTES || encoded.body.length > MAX_WIRE_BYTES) {
      warnOnce('batch-too-large', `batch ${claimed.seq} exceeds the server's size limits and was dropped`);
      return;
    }
    this.sender.enqueue({ seq: claimed.seq, final, body: encoded.body }, startSending);
  }

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
    this.session = createSession(this.deps.now(), this.deps.fillRandom);
    this.lastCutFinal = false;
    saveSession(this.deps.storage, this.session);
    if (!this.beginRecording()) {
      warnOnce('record-failed', 'could not start recording');
      this.shutdown();
    }
  }

  private onPageHidden(): void {
    if (!this.running || !this.session) return;
    this.cut(true, false);
    saveSession(this.deps.storage, this.session);
    this.sender.sendAllNow();
  }

  /** Tab shown again or page restored from the back/forward cache: the visitor is back. */
  private onPageShown(): void {
    if (!this.running || !this.session) return;
    const now = this.deps.now();
    if (isSessionExpired(this.session, now)) this.scheduleRollover();
    else this.session = touchSession(this.session, now);
  }

  private listen(): void {
    const onVisibility = this.guard(() => {
      if (this.deps.document.visibilityState === 'hidden') this.onPageHidden();
      else this.onPageShown();
    });
    const onPageHide = this.guard(() => this.onPageHidden());
    const onPageShow = this.guard(() => this.onPageShown());
    this.deps.document.addEventListener('visibilitychange', onVisibility);
    this.deps.window.addEventListener('pagehide', onPageHide);
    this.deps.window.addEventListener('pageshow', onPageShow);
    this.unlisten = [
      () => this.deps.document.removeEventListener('visibilitychange', onVisibility),
      () => this.deps.window.removeEventListener('pagehide', onPageHide),
      () => this.deps.window.removeEventListener('pageshow', onPageShow),
    ];
  }

  /** Stops recording and listening. Queued batches keep going out unless the server refused us. */
  private shutdown(): void {
    this.running = false;
    this.endRecording();
    const uninstall = this.uninstallCapture;
    this.uninstallCapture = null;
    if (uninstall) safe(uninstall, () => {})();
    for (const remove of this.unlisten) {
      try {
        remove();
      } catch {
        // keep tearing down
      }
    }
    this.unlisten = [];
    this.clearCutTimer();
    if (this.rolloverTimer !== null) this.deps.timers.clearTimeout(this.rolloverTimer);
    this.rolloverTimer = null;
    this.buffer.take();
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

  /** Callbacks from rrweb, timers and page events: an SDK bug shuts the client down, never the page. */
  private guard<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
    return safe(fn, () => this.shutdown());
  }
}
