/**
 * What the watch page does with the live stream: keeps each tab's events from its latest full
 * snapshot on, follows one tab, and tells the player to start over on a tab or to append.
 */
import { EventType, latestSnapshotStart, type LiveMessage, type RecordedEvent } from '../../../../wire/index.ts';

export type FeedAction =
  | { kind: 'none' }
  /** (Re)build the replayer on this tab from these events. */
  | { kind: 'start'; tab: string; events: RecordedEvent[] }
  | { kind: 'append'; events: RecordedEvent[] };

const NONE: FeedAction = { kind: 'none' };

export class LiveFeed {
  /** Per tab, its events from its latest full snapshot on; tabs without one are not kept. */
  readonly #tabs = new Map<string, RecordedEvent[]>();
  #followed: string | null = null;
  /** The tab the viewer picked: stop following the visitor to others. */
  #pinned: string | null = null;

  get followed(): string | null {
    return this.#followed;
  }

  /** Tabs that can be shown, in the order they first drew. */
  get tabs(): string[] {
    return [...this.#tabs.keys()];
  }

  receive(tab: string, events: RecordedEvent[]): FeedAction {
    const combined = [...(this.#tabs.get(tab) ?? []), ...events];
    const start = latestSnapshotStart(combined);
    if (start < 0) return NONE;
    this.#tabs.set(tab, start > 0 ? combined.slice(start) : combined);

    if (tab === this.#followed) return { kind: 'append', events };
    if (this.#followed === null || tab === this.#pinned) return this.#follow(tab);
    // A tab that just loaded a page is where the visitor went, unless the viewer chose a tab.
    const loadedPage = events.some((e) => e.type === EventType.FullSnapshot);
    return loadedPage && this.#pinned === null ? this.#follow(tab) : NONE;
  }

  select(tab: string): FeedAction {
    if (!this.#tabs.has(tab)) return NONE;
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
    return { kind: 'start', tab, events: [...this.#tabs.get(tab)!] };
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
  const m = message as { type?: unknown; tab?: unknown; events?: unknown };
  if (m.type === 'ended') return { type: 'ended' };
  if (m.type === 'events' && typeof m.tab === 'string' && Array.isArray(m.events)) {
    return { type: 'events', tab: m.tab, events: m.events as RecordedEvent[] };
  }
  return null;
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
