import type { Replayer } from '@rrweb/replay';
import { LIVE_FLUSH_INTERVAL_MS, LIVE_PING, type RecordedEvent } from '../../../../wire/index.ts';
import { describeError } from '../api.ts';
import { resolveAssets } from '../player/assets.ts';
import { apiAssetSource } from '../player/assets-api.ts';
import { firstViewport, type Viewport } from '../replay-guards.ts';
import { createReplayer } from '../replayer.ts';
import { LiveFeed, liveBaseline, parseLiveMessage, seedCaptured, type FeedAction } from './feed.ts';

/**
 * connecting: opening the socket · waiting: connected, no tab has drawn yet · live: following a
 * tab · ended: the session was written out · error: gave up.
 */
export type WatchStatus = 'connecting' | 'waiting' | 'live' | 'ended' | 'error';

/** Events play one live flush interval after they happened, so each batch plays at its recorded pace. */
const PLAYBACK_DELAY_MS = LIVE_FLUSH_INTERVAL_MS;
/** Proxies drop idle connections after about a minute; the server answers pings without waking the session. */
const KEEPALIVE_MS = 30_000;
/** After a dropped connection; then the page gives up and says so. */
const RECONNECT_DELAYS_MS = [1_000, 2_000, 5_000, 10_000];

function liveSocketUrl(page: { protocol: string; host: string }, projectId: string, sessionId: string): string {
  const scheme = page.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${page.host}/api/sessions/${encodeURIComponent(projectId)}/${encodeURIComponent(sessionId)}/live`;
}

/** One session watched live: the socket, the feed of tabs, and an rrweb Replayer in live mode. */
export class LiveWatch {
  status = $state<WatchStatus>('connecting');
  error = $state<string | null>(null);
  tabs = $state.raw<string[]>([]);
  tab = $state<string | null>(null);
  viewport = $state.raw<Viewport | null>(null);

  #feed = new LiveFeed();
  /** Messages wait here while their asset references resolve, so they still apply in order. */
  #inbox: Promise<void> = Promise.resolve();
  #assets = apiAssetSource();
  /** Captured asset URLs → stored copies, kept across messages: the SDK sends each once per page load. */
  #captured = new Map<string, string>();
  #socket: WebSocket | null = null;
  #replayer: Replayer | null = null;
  #root: HTMLElement | null = null;
  /** A start that came before the stage was there. */
  #deferred: { tab: string; events: RecordedEvent[] } | null = null;
  #keepalive = 0;
  #reconnect = 0;
  #failures = 0;
  #opened = false;
  #done = false;

  constructor(
    readonly projectId: string,
    readonly sessionId: string,
  ) {}

  connect(): void {
    if (this.#done) return;
    const socket = new WebSocket(liveSocketUrl(location, this.projectId, this.sessionId));
    this.#socket = socket;
    socket.onopen = () => {
      this.#opened = true;
      this.#failures = 0;
      this.#feed.reset();
      if (this.status !== 'live') this.status = 'waiting';
      this.#keepalive = window.setInterval(() => socket.readyState === WebSocket.OPEN && socket.send(LIVE_PING), KEEPALIVE_MS);
    };
    socket.onmessage = (event) => this.#onMessage(event.data);
    socket.onclose = () => this.#onClose(socket);
  }

  /** Gives the watch the element to draw into. */
  attach(root: HTMLElement): void {
    this.#root = root;
    const deferred = this.#deferred;
    this.#deferred = null;
    if (deferred) this.#start(deferred.tab, deferred.events);
  }

  select(tab: string): void {
    this.#apply(this.#feed.select(tab));
  }

  destroy(): void {
    this.#done = true;
    this.#hangUp();
    this.#replayer?.destroy();
    this.#replayer = null;
    this.#root = null;
  }

  #onMessage(data: unknown): void {
    const message = parseLiveMessage(data);
    if (message === null || this.#done) return;
    this.#inbox = this.#inbox
      .then(async () => {
        if (this.#done) return;
        if (message.type === 'ended') {
          this.#done = true;
          this.status = 'ended';
          this.#hangUp();
          return;
        }
        if (message.type === 'assets') return seedCaptured(this.#captured, message.tab, message.assets, this.#assets);
        await resolveAssets(message.events, this.#assets, this.#captured);
        if (this.#done) return;
        this.#apply(this.#feed.receive(message.tab, message.seq, message.events));
        this.tabs = this.#feed.tabs;
      })
      .catch((error: unknown) => this.#fail(describeError(error)));
  }

  #onClose(socket: WebSocket): void {
    window.clearInterval(this.#keepalive);
    if (this.#done || socket !== this.#socket) return;
    // Never opened: the server refused (no such session, or it could not be reached).
    if (!this.#opened) return this.#fail('Could not open the live view. The session may not exist, or the server cannot be reached.');
    const delay = RECONNECT_DELAYS_MS[this.#failures++];
    if (delay === undefined) return this.#fail('Lost the connection to the session.');
    if (this.status !== 'live') this.status = 'connecting';
    this.#reconnect = window.setTimeout(() => this.connect(), delay);
  }

  #apply(action: FeedAction): void {
    if (action.kind === 'start') this.#start(action.tab, action.events);
    else if (action.kind === 'append') for (const event of action.events) this.#replayer?.addEvent(event);
  }

  #start(tab: string, events: RecordedEvent[]): void {
    this.tab = tab;
    this.#replayer?.destroy();
    this.#replayer = null;
    if (this.#root === null) {
      this.#deferred = { tab, events };
      return;
    }
    let replayer: Replayer;
    try {
      replayer = createReplayer(
        [],
        this.#root,
        {
          liveMode: true,
          mouseTail: false,
          // rrweb applies events older than the live baseline to a virtual DOM and copies it over
          // only when playback starts, which live mode never does: the page would freeze at the catch-up.
          useVirtualDom: false,
        },
        (viewport) => (this.viewport = viewport),
      );
    } catch (error) {
      this.#fail(describeError(error));
      return;
    }
    this.#replayer = replayer;
    this.viewport = firstViewport(events);
    replayer.startLive(liveBaseline(Date.now(), events[events.length - 1]!.timestamp, PLAYBACK_DELAY_MS));
    for (const event of events) replayer.addEvent(event);
    this.status = 'live';
  }

  #fail(message: string): void {
    this.#done = true;
    this.error = message;
    this.status = 'error';
    this.#hangUp();
  }

  #hangUp(): void {
    window.clearInterval(this.#keepalive);
    window.clearTimeout(this.#reconnect);
    const socket = this.#socket;
    this.#socket = null;
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000, 'viewer left');
  }
}
