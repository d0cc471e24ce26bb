/**
 * What the watch page does with the live stream: keeps each tab's batches in seq order from its
 * latest full snapshot on, follows one tab, and tells the player to start over on a tab or to
 * append. Batches may come out of seq order (see LiveMessage): a late one is put in its place and
 * the tab starts over from its snapshot, so events always play in order, each once.
 */
import type { CapturedAsset } from '../../../../wire/assets.ts';
import { EventType, fromLatestSnapshot, type LiveBatch, type LiveMessage, type RecordedEvent } from '../../../../wire/index.ts';
import { capturedAsOf, type AssetSource } from '../player/assets.ts';

export type FeedAction =
  | { kind: 'none' }
  /** (Re)build the replayer on this tab from these events. */
  | { kind: 'start'; tab: string; events: RecordedEvent[] }
  | { kind: 'append'; events: RecordedEvent[] };

const NONE: FeedAction = { kind: 'none' };

const isSnapshot = (event: RecordedEvent) => event.type === EventType.FullSnapshot;

interface TabStream {
  /** In seq order; once the tab drew, cut at its latest full snapshot (fromLatestSnapshot). */
  batches: LiveBatch[];
  drawable: boolean;
}

export class LiveFeed {
  readonly #tabs = new Map<string, TabStream>();
  #followed: string | null = null;
  /** The tab the viewer picked: stop following the visitor to others. */
  #pinned: string | null = null;

  get followed(): string | null {
    return this.#followed;
  }

  /** Tabs that can be shown, in the order they first sent something. */
  get tabs(): string[] {
    return [...this.#tabs].filter(([, stream]) => stream.drawable).map(([tab]) => tab);
  }

  receive(tab: string, seq: number, events: RecordedEvent[]): FeedAction {
    let stream = this.#tabs.get(tab);
    if (stream === undefined) this.#tabs.set(tab, (stream = { batches: [], drawable: false }));
    const { batches } = stream;
    // From the end: batches in order stop at once.
    let at = batches.length;
    while (at > 0 && batches[at - 1]!.seq >= seq) at--;
    const newest = at === batches.length || (at === batches.length - 1 && batches[at]!.seq === seq);
    if (batches[at]?.seq === seq) {
      // The rest of a batch too large for one message.
      batches[at]!.events.push(...events);
    } else if (stream.drawable && at === 0) {
      // Older than the snapshot the tab shows, which already holds what it changed.
      return NONE;
    } else {
      batches.splice(at, 0, { seq, events: [...events] });
    }
    if (!newest || events.some(isSnapshot)) {
      const cut = fromLatestSnapshot(batches);
      if (cut !== null) {
        stream.batches = cut;
        stream.drawable = true;
      }
    }
    if (!stream.drawable) return NONE;

    if (tab === this.#followed) return newest ? { kind: 'append', events } : this.#follow(tab);
    if (this.#followed === null || tab === this.#pinned) return this.#follow(tab);
    // A tab that just loaded a page is where the visitor went, unless the viewer chose a tab.
    return events.some(isSnapshot) && this.#pinned === null ? this.#follow(tab) : NONE;
  }

  select(tab: string): FeedAction {
    if (!this.#tabs.get(tab)?.drawable) return NONE;
    this.#pinned = tab;
    return tab === this.#followed ? NONE : this.#follow(tab);
  }

  /** After a reconnect the server sends the catch-up again: start over, keeping the viewer's pick. */
  reset(): void {
    this.#tabs.clear();
    this.#followed = null;
  }

  #follow(tab: string): FeedAction {
    this.#followed = tab;
    return { kind: 'start', tab, events: this.#tabs.get(tab)!.batches.flatMap((b) => b.events) };
  }
}

/** A server message, or null for anything that is not one (a keep-alive pong, a newer server's message type). */
export function parseLiveMessage(text: unknown): LiveMessage | null {
  if (typeof text !== 'string' || !text.startsWith('{')) return null;
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return null;
  }
  const m = message as { type?: unknown; tab?: unknown; seq?: unknown; events?: unknown; assets?: unknown };
  if (m.type === 'ended') return { type: 'ended' };
  if (m.type === 'assets' && typeof m.tab === 'string' && Array.isArray(m.assets)) {
    return { type: 'assets', tab: m.tab, assets: (m.assets as Partial<CapturedAsset>[]).filter(isCapturedAsset) };
  }
  if (m.type === 'events' && typeof m.tab === 'string' && Number.isInteger(m.seq) && Array.isArray(m.events)) {
    return { type: 'events', tab: m.tab, seq: m.seq as number, events: m.events as RecordedEvent[] };
  }
  return null;
}

const isCapturedAsset = (a: Partial<CapturedAsset> | null): a is CapturedAsset =>
  typeof a?.tab === 'string' && typeof a.t === 'number' && typeof a.url === 'string' && typeof a.data === 'string';

/**
 * Adds a catch-up's `assets` (a tab's captures before its latest snapshot) to the viewer's
 * captured URL → stored copy map, so the snapshot that follows resolves against them.
 */
export function seedCaptured(captured: Map<string, string>, tab: string, assets: readonly CapturedAsset[], source: AssetSource): void {
  for (const [url, copy] of capturedAsOf(assets, tab, Infinity, source)) captured.set(url, copy);
}

/**
 * The recording-clock moment the live replayer treats as "now" when it starts. Events play that
 * long after they happened, so a batch flushed every `delayMs` plays at its recorded pace instead
 * of in jumps; later events are drawn as soon as they arrive. The newest event seen counts too, so
 * a visitor whose clock runs ahead of ours is not delayed by the difference.
 */
export function liveBaseline(nowMs: number, newestEventMs: number, delayMs: number): number {
  return Math.max(nowMs, newestEventMs) - delayMs;
}
