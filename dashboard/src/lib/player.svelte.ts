import type { Replayer } from '@rrweb/replay';
import { EventType, type RecordedEvent, type SessionDetailResponse } from '../../../wire/index.ts';
import { ApiError, describeError, fetchSession, isAbort } from './api.ts';
import { fetchSegment, SegmentCache } from './segments.ts';
import { inRun, prefetchTarget, runFrom, segmentAt, type Run } from './segments-plan.ts';
import { capturedAsOf, resolveAssets } from './player/assets.ts';
import { apiAssetSource } from './player/assets-api.ts';
import { firstViewport, unreplayableReason, UnsandboxedReplayError, type Viewport } from './replay-guards.ts';
import { createReplayer } from './replayer.ts';
import type { Moment } from './route.ts';
import { pickTab, startOffset, tabsOf, type TabReplay } from './tabs.ts';
import { nextErrorOffset, seekMarkers, timelineEntries, type SeekMarker, type TimelineEntry } from './timeline.ts';

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

/** Loaded segments kept besides the playing run, so seeking back and forth does not refetch. */
const CACHED_SEGMENTS = 6;

const positionsOf = (run: Run): number[] => Array.from({ length: run.last - run.first + 1 }, (_, i) => run.first + i);

/**
 * Plays one tab of a session, streaming its segments: the first frame needs the manifest and the
 * one segment that covers the starting moment; a seek loads only the segment that covers it;
 * while playing, the next segment is fetched ahead and appended to the running Replayer, so
 * playback goes on across segment boundaries. One Replayer plays a run of consecutive loaded
 * segments (each starts at a full snapshot, so a run may start at any of them); a seek outside
 * the run starts a new one.
 */
export class PlayerController {
  status = $state<PlayerStatus>('loading');
  error = $state.raw<PlayerError | null>(null);
  detail = $state.raw<SessionDetailResponse | null>(null);
  /** Playback position, ms from the tab's first event. */
  currentTime = $state(0);
  /** The whole tab's length, from the manifest, whatever is loaded. */
  totalTime = $state(0);
  speed = $state<Speed>(1);
  /** The recorded page's viewport; changes when the visitor resized the window. */
  viewport = $state.raw<Viewport | null>(null);
  /** The visit's tabs, each its own replay; `tab` is the one playing. */
  tabs = $state.raw<TabReplay[]>([]);
  tab = $state.raw<TabReplay | null>(null);
  /** Console, network, errors and events of the segments loaded so far, for the panels. */
  entries = $state.raw<TimelineEntry[]>([]);
  /** Positions (in tab.segments) of the segments whose activity `entries` holds. */
  loadedSegments = $state.raw<number[]>([]);
  /** The seek bar's ticks: the manifest's markers for the whole tab, and those in loaded entries. */
  markers = $state.raw<SeekMarker[]>([]);
  /** Waiting for the segment the playhead needs. */
  buffering = $state(false);
  /** Fast-forward through stretches where the visitor did nothing. */
  skipInactive = $state(false);

  #segments: SegmentCache<RecordedEvent[]> | null = null;
  #entriesBySegment = new Map<number, TimelineEntry[]>();
  #replayer: Replayer | null = null;
  #run: Run | null = null;
  /** Where the run's Replayer has its time 0, ms from the tab's first event. */
  #runOrigin = 0;
  /** The run's first full snapshot, ms into the run: the earliest moment it can show. */
  #runFloor = 0;
  /** Segments asked for ahead of this run's playback. */
  #prefetched = new Set<number>();
  #root: HTMLElement | null = null;
  #rootWaiters: Array<(root: HTMLElement) => void> = [];
  #abort = new AbortController();
  /** One for the whole replay, so stylesheets every segment names are fetched once. */
  #assets = apiAssetSource(this.#abort.signal);
  #frame = 0;
  /** Counts seeks, so an earlier one whose segment arrives later does not win. */
  #seekId = 0;

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
      this.totalTime = Math.max(0, tab.endTime - tab.startTime);
      this.#segments = new SegmentCache((position) => this.#fetchSegment(position, signal), CACHED_SEGMENTS);
      this.#showActivity();
      const start = startOffset(this.moment, tab.startTime);
      await this.#goTo(start ?? 0, start === null ? 'ready' : 'paused');
    } catch (error) {
      this.#failOn(error, stage);
    }
  }

  /** Gives the controller the element to replay into; the first run starts once it is there. */
  attach(root: HTMLElement): void {
    this.#root = root;
    for (const resolve of this.#rootWaiters.splice(0)) resolve(root);
  }

  play(): void {
    if (this.#replayer === null || this.status === 'playing' || this.status === 'error') return;
    const from = this.status === 'finished' || this.currentTime >= this.totalTime ? 0 : this.currentTime;
    this.status = 'playing';
    this.#navigate(from);
  }

  pause(): void {
    if (this.status !== 'playing') return;
    this.#stopClock();
    // While a segment loads, the seek waiting for it applies the pause when it lands.
    if (!this.buffering && this.#replayer !== null) {
      this.#replayer.pause();
      this.currentTime = this.#clamp(this.#runOrigin + this.#replayer.getCurrentTime());
    }
    this.status = 'paused';
  }

  toggle(): void {
    if (this.status === 'playing') this.pause();
    else this.play();
  }

  /** Jumps to a position (ms from the start), keeping playing if it was. */
  seek(time: number): void {
    if (this.#replayer === null && !this.buffering) return;
    this.#navigate(time);
  }

  /** Seeks to the next error after the current position; false when there is none. */
  nextError(): boolean {
    const offset = nextErrorOffset(this.entries, this.markers, this.currentTime);
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
    this.#seekId++;
    this.#stopClock();
    this.#replayer?.destroy();
    this.#replayer = null;
    this.#root = null;
  }

  #navigate(time: number): void {
    this.#goTo(time, 'paused').catch((error: unknown) => this.#failOn(error, 'segments'));
  }

  /**
   * Shows the replay at `time`, loading the segment that covers it first when the playing run
   * does not. Plays on from there if the status is playing; otherwise stops there with `rest`.
   */
  async #goTo(time: number, rest: 'ready' | 'paused'): Promise<void> {
    const tab = this.tab;
    if (tab === null) return;
    const id = ++this.#seekId;
    const target = this.#clamp(time);
    this.currentTime = target;
    const position = segmentAt(tab.segments, tab.startTime + target);
    if (!inRun(this.#run, position)) {
      this.#stopClock();
      this.#replayer?.pause();
      this.buffering = true;
      try {
        if (!(await this.#startRun(position, id))) return;
      } catch (error) {
        // A later seek took over; what failed for this one is no longer shown.
        if (id !== this.#seekId) return;
        throw error;
      }
    }
    this.buffering = false;
    const replayer = this.#replayer!;
    const offset = Math.max(this.#runFloor, target - this.#runOrigin);
    if (this.status === 'playing') {
      replayer.play(offset);
      this.#startClock();
    } else {
      // rrweb applies the events strictly before an offset; the moment itself should show too.
      replayer.pause(offset + 1);
      this.status = rest;
    }
  }

  /** A new Replayer for the run that starts at the segment covering `position`; false when a later seek took over. */
  async #startRun(position: number, id: number): Promise<boolean> {
    const segments = this.#segments!;
    const tab = this.tab!;
    let first = position;
    let events = await segments.load(first);
    // Segments start at a full snapshot; one written after a late batch may not, and plays from an earlier one.
    while (first > 0 && !events.some((event) => event.type === EventType.FullSnapshot)) events = await segments.load(--first);
    const root = this.#root ?? (await new Promise<HTMLElement>((resolve) => this.#rootWaiters.push(resolve)));
    if (id !== this.#seekId || this.#abort.signal.aborted) return false;

    const run = runFrom(first, tab.segments.length, (p) => segments.has(p));
    const runEvents = positionsOf(run).flatMap((p) => segments.get(p)!);
    const reason = unreplayableReason(runEvents);
    if (reason !== null) throw new Error(reason);
    this.#replayer?.destroy();
    this.#replayer = null;
    let replayer: Replayer;
    try {
      replayer = createReplayer(
        runEvents,
        root,
        { speed: this.speed, skipInactive: this.skipInactive },
        (viewport) => (this.viewport = viewport),
      );
    } catch (error) {
      throw new ReplayStartError(error);
    }
    replayer.on('finish', () => this.#onRunEnd(replayer));
    this.#replayer = replayer;
    this.#run = run;
    this.#runOrigin = runEvents[0]!.timestamp - tab.startTime;
    this.#runFloor = runEvents.find((event) => event.type === EventType.FullSnapshot)!.timestamp - runEvents[0]!.timestamp;
    this.#prefetched = new Set();
    this.viewport = firstViewport(runEvents) ?? this.viewport;
    segments.trim(new Set(positionsOf(run)));
    return true;
  }

  /** The Replayer played its run's last event: go on into the next segment, or the tab is over. */
  #onRunEnd(replayer: Replayer): void {
    const tab = this.tab;
    if (replayer !== this.#replayer || this.#run === null || tab === null || this.buffering) return;
    const next = tab.segments[this.#run.last + 1];
    if (this.status === 'playing' && next !== undefined) {
      this.#navigate(next.startTime - tab.startTime);
      return;
    }
    // A paused seek applies the run's last event too, and rrweb may or may not call that a finish:
    // only playback reaching the end finishes, so a moment opened at the end shows as paused.
    if (this.status !== 'playing') return;
    this.#stopClock();
    this.currentTime = this.totalTime;
    this.status = 'finished';
  }

  /** While playing in the run's last segment: fetch the next one and append it to the Replayer. */
  #prefetch(): void {
    const tab = this.tab!;
    const playhead = segmentAt(tab.segments, tab.startTime + this.currentTime);
    const next = prefetchTarget(tab.segments.length, this.#run, playhead, this.#prefetched);
    if (next === null) return;
    const replayer = this.#replayer;
    if (replayer === null) return;
    this.#prefetched.add(next);
    this.#segments!.load(next).then(
      (events) => {
        // Still the same replay, still ending just before it: it plays on into the new events.
        if (replayer !== this.#replayer || this.#run?.last !== next - 1) return;
        for (const event of events) replayer.addEvent(event);
        this.#run = { first: this.#run.first, last: next };
      },
      // Reaching the segment loads it again, and reports what fails then.
      () => {},
    );
  }

  async #fetchSegment(position: number, signal: AbortSignal): Promise<RecordedEvent[]> {
    const tab = this.tab!;
    const segment = tab.segments[position]!;
    const events = await fetchSegment(this.projectId, this.sessionId, segment.index, signal);
    // Each segment resolves on its own: a seek may load it without those before it.
    const source = this.#assets;
    await resolveAssets(events, source, capturedAsOf(this.detail!.manifest.assets, tab.tab, segment.startTime, source));
    if (!this.#entriesBySegment.has(position)) {
      this.#entriesBySegment.set(position, timelineEntries(events, tab.startTime, position));
      this.#showActivity();
    }
    return events;
  }

  /** Panels and seek bar from what is known: the manifest's markers and the loaded segments' entries. */
  #showActivity(): void {
    const tab = this.tab!;
    const loaded = [...this.#entriesBySegment.keys()].sort((a, b) => a - b);
    this.loadedSegments = loaded;
    this.entries = loaded.flatMap((position) => this.#entriesBySegment.get(position)!);
    this.markers = seekMarkers(this.detail?.manifest.markers ?? [], tab.tab, tab.startTime, this.entries);
  }

  #failOn(error: unknown, stage: 'session' | 'segments'): void {
    if (isAbort(error) || this.#abort.signal.aborted) return;
    if (error instanceof ReplayStartError) {
      const title = error.cause instanceof UnsandboxedReplayError ? 'Replay blocked' : 'Could not start the replay';
      this.#fail({ title, message: describeError(error.cause) });
    } else {
      this.#fail(toPlayerError(error, stage));
    }
  }

  #fail(error: PlayerError): void {
    this.#stopClock();
    this.#replayer?.destroy();
    this.#replayer = null;
    this.buffering = false;
    this.error = error;
    this.status = 'error';
  }

  #clamp(time: number): number {
    return Math.min(Math.max(0, time), this.totalTime);
  }

  #startClock(): void {
    this.#stopClock();
    const tick = () => {
      if (this.#replayer === null || this.status !== 'playing' || this.buffering) return;
      this.currentTime = this.#clamp(this.#runOrigin + this.#replayer.getCurrentTime());
      this.#prefetch();
      this.#frame = requestAnimationFrame(tick);
    };
    this.#frame = requestAnimationFrame(tick);
  }

  #stopClock(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }
}

/** rrweb could not start on the run's events (or the frame is not sandboxed). */
class ReplayStartError extends Error {
  constructor(cause: unknown) {
    super(describeError(cause), { cause });
    this.name = 'ReplayStartError';
  }
}
