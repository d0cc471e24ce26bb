import type { Replayer } from '@rrweb/replay';
import type { RecordedEvent, SessionDetailResponse } from '../../../wire/index.ts';
import { ApiError, describeError, fetchSession, isAbort } from './api.ts';
import { loadAllSegments, type LoadProgress } from './segments.ts';
import { resolveAssets } from './player/assets.ts';
import { apiAssetSource } from './player/assets-api.ts';
import { firstViewport, unreplayableReason, UnsandboxedReplayError, type Viewport } from './replay-guards.ts';
import { createReplayer } from './replayer.ts';
import type { Moment } from './route.ts';
import { pickTab, startOffset, tabsOf, type TabReplay } from './tabs.ts';
import { nextErrorOffset, timelineEntries, type TimelineEntry } from './timeline.ts';

export type { Viewport };

export type PlayerStatus = 'loading' | 'ready' | 'playing' | 'paused' | 'finished' | 'error';

export const SPEEDS = [1, 2, 4, 8] as const;
export type Speed = (typeof SPEEDS)[number];

export interface PlayerError {
  title: string;
  message: string;
}

function toPlayerError(error: unknown, stage: 'session' | 'segments'): PlayerError {
  if (error instanceof ApiError && error.status === 404) {
    return stage === 'session'
      ? { title: 'Session not found', message: 'It may have been deleted, or the link is wrong.' }
      : { title: 'Recording data missing', message: describeError(error) };
  }
  if (error instanceof ApiError && error.code === 'network') {
    return { title: 'Network error', message: describeError(error) };
  }
  return {
    title: stage === 'session' ? 'Could not load this session' : 'Could not load the recording',
    message: describeError(error),
  };
}

/** Loads one session's recording and drives an rrweb Replayer for it. */
export class PlayerController {
  status = $state<PlayerStatus>('loading');
  error = $state.raw<PlayerError | null>(null);
  detail = $state.raw<SessionDetailResponse | null>(null);
  progress = $state.raw<LoadProgress>({ loaded: 0, total: 0 });
  /** Playback position, ms from the first event. */
  currentTime = $state(0);
  totalTime = $state(0);
  speed = $state<Speed>(1);
  /** The recorded page's viewport; changes when the visitor resized the window. */
  viewport = $state.raw<Viewport | null>(null);
  /** The visit's tabs, each its own replay; `tab` is the one playing. */
  tabs = $state.raw<TabReplay[]>([]);
  tab = $state.raw<TabReplay | null>(null);
  /** The tab's console, network, errors and events, for the panels and the seek bar. */
  entries = $state.raw<TimelineEntry[]>([]);
  /** Fast-forward through stretches where the visitor did nothing. */
  skipInactive = $state(false);

  #replayer: Replayer | null = null;
  #events: RecordedEvent[] | null = null;
  #root: HTMLElement | null = null;
  #abort = new AbortController();
  #frame = 0;
  /** Where to open the replay, ms from its start; null opens at the start. */
  #startAt: number | null = null;

  constructor(
    readonly projectId: string,
    readonly sessionId: string,
    /** The tab and moment a link asks for. */
    readonly moment: Moment = { tab: null, t: null, at: null },
  ) {}

  async load(): Promise<void> {
    const signal = this.#abort.signal;
    let stage: 'session' | 'segments' = 'session';
    try {
      const detail = await fetchSession(this.projectId, this.sessionId, signal);
      this.detail = detail;
      stage = 'segments';
      this.tabs = tabsOf(detail.manifest.segments);
      const tab = pickTab(this.tabs, this.moment.tab);
      if (tab === null) throw new Error('No recording data is stored for this session yet.');
      this.tab = tab;
      const events = await loadAllSegments(this.projectId, this.sessionId, tab.segments, {
        signal,
        onProgress: (progress) => (this.progress = progress),
      });
      const reason = unreplayableReason(events);
      if (reason !== null) throw new Error(reason);
      await resolveAssets(events, apiAssetSource(signal));
      this.#events = events;
      this.#startAt = startOffset(this.moment, events[0].timestamp);
      this.entries = timelineEntries(events);
      this.viewport = firstViewport(events);
      this.#mount();
    } catch (error) {
      if (isAbort(error) || signal.aborted) return;
      this.#fail(toPlayerError(error, stage));
    }
  }

  /** Gives the controller the element to replay into; the replayer starts once events are loaded too. */
  attach(root: HTMLElement): void {
    this.#root = root;
    this.#mount();
  }

  #mount(): void {
    if (this.#root === null || this.#events === null || this.#replayer !== null || this.#abort.signal.aborted) return;
    let replayer: Replayer;
    try {
      replayer = createReplayer(
        this.#events,
        this.#root,
        { speed: this.speed, skipInactive: this.skipInactive },
        (viewport) => (this.viewport = viewport),
      );
    } catch (error) {
      const title = error instanceof UnsandboxedReplayError ? 'Replay blocked' : 'Could not start the replay';
      this.#fail({ title, message: describeError(error) });
      return;
    }
    this.#replayer = replayer;
    replayer.on('finish', () => {
      if (this.status !== 'playing' && this.currentTime < this.totalTime) return;
      this.#stopClock();
      this.currentTime = this.totalTime;
      this.status = 'finished';
    });
    this.totalTime = Math.max(0, replayer.getMetaData().totalTime);
    this.currentTime = 0;
    this.status = 'ready';
    // One task later: rrweb applies the first viewport resize asynchronously, after this.
    const startAt = this.#startAt;
    if (startAt !== null) setTimeout(() => this.#replayer === replayer && this.seek(startAt), 0);
  }

  play(): void {
    const replayer = this.#replayer;
    if (replayer === null || this.status === 'playing') return;
    const from = this.status === 'finished' || this.currentTime >= this.totalTime ? 0 : this.currentTime;
    this.currentTime = from;
    replayer.play(from);
    this.status = 'playing';
    this.#startClock();
  }

  pause(): void {
    const replayer = this.#replayer;
    if (replayer === null || this.status !== 'playing') return;
    replayer.pause();
    this.#stopClock();
    this.currentTime = this.#clamp(replayer.getCurrentTime());
    this.status = 'paused';
  }

  toggle(): void {
    if (this.status === 'playing') this.pause();
    else this.play();
  }

  /** Jumps to a position (ms from the start), keeping playing if it was. */
  seek(time: number): void {
    const replayer = this.#replayer;
    if (replayer === null) return;
    const target = this.#clamp(time);
    this.currentTime = target;
    // rrweb applies events strictly before the offset: the very end needs one ms more.
    const offset = target >= this.totalTime ? target + 1 : target;
    if (this.status === 'playing') {
      replayer.play(offset);
    } else {
      replayer.pause(offset);
      this.status = 'paused';
    }
  }

  /** Seeks to the next error after the current position; false when there is none. */
  nextError(): boolean {
    const offset = nextErrorOffset(this.entries, this.currentTime);
    if (offset === null) return false;
    this.seek(offset);
    return true;
  }

  setSkipInactive(skip: boolean): void {
    this.skipInactive = skip;
    this.#replayer?.setConfig({ skipInactive: skip });
  }

  setSpeed(speed: Speed): void {
    this.speed = speed;
    this.#replayer?.setConfig({ speed });
  }

  destroy(): void {
    this.#abort.abort();
    this.#stopClock();
    this.#replayer?.destroy();
    this.#replayer = null;
    this.#root = null;
  }

  #fail(error: PlayerError): void {
    this.#stopClock();
    this.#replayer?.destroy();
    this.#replayer = null;
    this.error = error;
    this.status = 'error';
  }

  #clamp(time: number): number {
    return Math.min(Math.max(0, time), this.totalTime);
  }

  #startClock(): void {
    this.#stopClock();
    const tick = () => {
      if (this.#replayer === null || this.status !== 'playing') return;
      this.currentTime = this.#clamp(this.#replayer.getCurrentTime());
      this.#frame = requestAnimationFrame(tick);
    };
    this.#frame = requestAnimationFrame(tick);
  }

  #stopClock(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }
}
