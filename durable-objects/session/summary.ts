import {
  ASSET_TAG,
  CustomTag,
  EventType,
  IncrementalSource,
  MouseInteraction,
  customData,
  type CustomEventData,
  type CapturedAsset,
  type RecordedEvent,
  type TimelineMarker,
} from '../../wire/index.ts';
import { extendActivity, isUserInput } from './activity.ts';
import { addCapturedAsset } from './captured-assets.ts';
import { addConsoleMarker, addMarker } from './markers.ts';
import { addClick, addError, addUrl, EMPTY_SEARCH_VALUES, type SearchValues } from './search-values.ts';

/** What a summary must remember of one tab to continue folding that tab's stream in seq order. */
export interface TabProgress {
  /** The tab's current page: a new page is counted when the URL changes within the tab. */
  lastHref: string | null;
  /** End of the tab's current activity window, ms (see activity.ts). */
  activeUntil: number;
}

/** A value from the event with the earliest or latest timestamp across tabs. */
interface Timed<T> {
  value: T;
  at: number;
}

/**
 * What the session row in D1 says about the recorded events, merged over all tabs. Derived,
 * never trusted from the client. Each tab's events are folded in seq order; tabs are folded one
 * after another, so anything that spans tabs (entry and exit URL, referrer, user id) is picked by
 * timestamp, never by fold order. Properties are the exception: they merge in fold order.
 */
export interface SessionSummary {
  startedAt: number | null;
  endedAt: number | null;
  eventCount: number;
  pageCount: number;
  clickCount: number;
  rageClickCount: number;
  deadClickCount: number;
  errorCount: number;
  consoleErrorCount: number;
  activeMs: number;
  entry: Timed<string> | null;
  exit: Timed<string> | null;
  referrer: Timed<string> | null;
  /** The latest identify() call's user id. */
  user: Timed<string> | null;
  /** Layout viewport width of the session's first Meta event, CSS px. */
  viewport: Timed<number> | null;
  /**
   * Searchable properties: setProperties() calls merged in order, and identify() traits as
   * `user.<trait>`. Values as strings; a null value removes the key.
   */
  properties: Record<string, string>;
  search: SearchValues;
  markers: TimelineMarker[];
  /** Each tab's captured URLs, for the manifest (see CapturedAsset). */
  assets: CapturedAsset[];
  tabs: Record<string, TabProgress>;
}

export const EMPTY_SUMMARY: SessionSummary = {
  startedAt: null,
  endedAt: null,
  eventCount: 0,
  pageCount: 0,
  clickCount: 0,
  rageClickCount: 0,
  deadClickCount: 0,
  errorCount: 0,
  consoleErrorCount: 0,
  activeMs: 0,
  entry: null,
  exit: null,
  referrer: null,
  user: null,
  viewport: null,
  properties: {},
  search: EMPTY_SEARCH_VALUES,
  markers: [],
  assets: [],
  tabs: {},
};

/** Caps that keep one session's properties a few small, indexable rows. */
export const MAX_PROPERTIES = 50;
export const MAX_PROPERTY_KEY_LENGTH = 100;
export const MAX_PROPERTY_VALUE_LENGTH = 200;
const MAX_URL_LENGTH = 2048;
const MAX_USER_ID_LENGTH = 256;

const earliest = <T>(current: Timed<T> | null, value: T, at: number): Timed<T> => (current === null || at < current.at ? { value, at } : current);
const latest = <T>(current: Timed<T> | null, value: T, at: number): Timed<T> => (current === null || at >= current.at ? { value, at } : current);

/**
 * Folds one tab's events (in that tab's seq order) into a summary; pass the previous summary to
 * continue, after a compaction or in a reopened session. The previous summary is not changed.
 */
export function summarize(events: RecordedEvent[], previous: SessionSummary = EMPTY_SUMMARY, tab = '0'): SessionSummary {
  const s: SessionSummary = {
    ...previous,
    properties: { ...previous.properties },
    search: { urls: [...previous.search.urls], clicks: [...previous.search.clicks], errors: [...previous.search.errors] },
    markers: [...previous.markers],
    // A state stored before captured assets were indexed has none.
    assets: [...(previous.assets ?? [])],
    tabs: { ...previous.tabs },
  };
  // Own keys only: `constructor` is a valid tab id.
  const progress: TabProgress = Object.hasOwn(s.tabs, tab) ? { ...s.tabs[tab]! } : { lastHref: null, activeUntil: 0 };
  for (const event of events) {
    const t = event.timestamp;
    s.eventCount++;
    s.startedAt = s.startedAt === null ? t : Math.min(s.startedAt, t);
    s.endedAt = s.endedAt === null ? t : Math.max(s.endedAt, t);
    const custom = customData(event);
    const href = pageHref(event, custom);
    if (href !== null) {
      s.entry = earliest(s.entry, href, t);
      s.exit = latest(s.exit, href, t);
      // rrweb repeats Meta on every full snapshot and the SDK reports the initial URL too:
      // only a changed URL is a new page.
      if (href !== progress.lastHref) {
        s.pageCount++;
        addUrl(s.search, href, t);
        addMarker(s.markers, 'navigation', t, href, tab);
      }
      progress.lastHref = href;
    }
    if (event.type === EventType.Meta) {
      const width = (event.data as { width?: unknown } | null)?.width;
      if (typeof width === 'number' && width > 0) s.viewport = earliest(s.viewport, Math.round(width), t);
    }
    if (isUserInput(event)) {
      const { addedMs, activeUntil } = extendActivity(progress.activeUntil, t);
      s.activeMs += addedMs;
      progress.activeUntil = activeUntil;
    }
    if (isClick(event)) s.clickCount++;
    if (custom) countSignal(s, custom, t, tab);
  }
  if (events.length > 0) s.tabs[tab] = progress;
  return s;
}

function countSignal(s: SessionSummary, custom: CustomEventData, t: number, tab: string): void {
  const payload = custom.payload as unknown as Record<string, unknown> | null;
  if ((custom.tag as string) === ASSET_TAG) addCapturedAsset(s.assets, payload, t, tab);
  switch (custom.tag) {
    case CustomTag.Error:
      s.errorCount++;
      addError(s.search, payload?.message, t);
      addMarker(s.markers, 'error', t, payload?.message, tab);
      break;
    case CustomTag.Console:
      if (payload?.level === 'error') s.consoleErrorCount++;
      addConsoleMarker(s.markers, payload, t, tab);
      break;
    case CustomTag.Click:
      addClick(s.search, payload?.selector, payload?.text, t);
      addMarker(s.markers, 'click', t, clickLabel(payload), tab);
      break;
    case CustomTag.RageClick:
      s.rageClickCount++;
      addMarker(s.markers, 'rage-click', t, clickLabel(payload), tab);
      break;
    case CustomTag.DeadClick:
      s.deadClickCount++;
      addMarker(s.markers, 'dead-click', t, clickLabel(payload), tab);
      break;
    case CustomTag.Track:
      addMarker(s.markers, 'track', t, payload?.name, tab);
      break;
    case CustomTag.Navigation:
      if (payload?.kind === 'load' && typeof payload.referrer === 'string' && payload.referrer !== '') {
        s.referrer = earliest(s.referrer, payload.referrer.slice(0, MAX_URL_LENGTH), t);
      }
      break;
    case CustomTag.Identify:
      if (typeof payload?.userId === 'string' && payload.userId !== '') s.user = latest(s.user, payload.userId.slice(0, MAX_USER_ID_LENGTH), t);
      mergeProperties(s.properties, payload?.traits, 'user.');
      break;
    case CustomTag.Properties:
      mergeProperties(s.properties, payload?.props, '');
      break;
  }
}

function clickLabel(payload: Record<string, unknown> | null): unknown {
  return typeof payload?.text === 'string' && payload.text.trim() !== '' ? payload.text.trim() : payload?.selector;
}

function mergeProperties(into: Record<string, string>, props: unknown, prefix: string): void {
  if (typeof props !== 'object' || props === null || Array.isArray(props)) return;
  for (const [name, value] of Object.entries(props)) {
    const key = (prefix + name).slice(0, MAX_PROPERTY_KEY_LENGTH);
    if (value === null) delete into[key];
    else if (['string', 'number', 'boolean'].includes(typeof value)) {
      if (!(key in into) && Object.keys(into).length >= MAX_PROPERTIES) continue;
      into[key] = String(value).slice(0, MAX_PROPERTY_VALUE_LENGTH);
    }
  }
}

/** The page URL a Meta event (full snapshot) or a navigation signal (client-side routing) reports. */
function pageHref(event: RecordedEvent, custom: CustomEventData | null): string | null {
  let href: unknown;
  if (event.type === EventType.Meta) href = (event.data as { href?: unknown } | null)?.href;
  else if (custom?.tag === CustomTag.Navigation) href = (custom.payload as { href?: unknown } | null)?.href;
  return typeof href === 'string' ? href.slice(0, MAX_URL_LENGTH) : null;
}

function isClick(event: RecordedEvent): boolean {
  if (event.type !== EventType.IncrementalSnapshot) return false;
  const data = event.data as { source?: unknown; type?: unknown } | null;
  return data?.source === IncrementalSource.MouseInteraction && data.type === MouseInteraction.Click;
}
