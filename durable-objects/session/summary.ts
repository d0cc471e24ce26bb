import {
  CustomTag,
  EventType,
  IncrementalSource,
  MouseInteraction,
  customData,
  type CustomEventData,
  type RecordedEvent,
} from '../../wire/index.ts';

/** What the session row in D1 says about the recorded events. Derived, never trusted from the client. */
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
  entryUrl: string | null;
  exitUrl: string | null;
  /** The last identify() call's user id. */
  userId: string | null;
  /**
   * Searchable properties: setProperties() calls merged in order, and identify() traits as
   * `user.<trait>`. Values as strings; a null value removes the key.
   */
  properties: Record<string, string>;
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
  entryUrl: null,
  exitUrl: null,
  userId: null,
  properties: {},
};

/** Caps that keep one session's properties a few small, indexable rows. */
export const MAX_PROPERTIES = 50;
export const MAX_PROPERTY_KEY_LENGTH = 100;
export const MAX_PROPERTY_VALUE_LENGTH = 200;

const MAX_URL_LENGTH = 2048;
const MAX_USER_ID_LENGTH = 256;

/** Folds events into a summary; pass the previous summary to continue a reopened session. */
export function summarize(events: RecordedEvent[], previous: SessionSummary = EMPTY_SUMMARY): SessionSummary {
  const s = { ...previous, properties: { ...previous.properties } };
  for (const event of events) {
    s.eventCount++;
    s.startedAt = s.startedAt === null ? event.timestamp : Math.min(s.startedAt, event.timestamp);
    s.endedAt = s.endedAt === null ? event.timestamp : Math.max(s.endedAt, event.timestamp);
    const custom = customData(event);
    const href = pageHref(event, custom);
    if (href !== null) {
      if (s.entryUrl === null) s.entryUrl = href;
      // rrweb repeats Meta on every full snapshot and the SDK reports the initial URL too:
      // only a changed URL is a new page.
      if (href !== s.exitUrl) s.pageCount++;
      s.exitUrl = href;
    }
    if (isClick(event)) s.clickCount++;
    if (custom) countSignal(s, custom);
  }
  return s;
}

function countSignal(s: SessionSummary, custom: CustomEventData): void {
  const payload = custom.payload as unknown as Record<string, unknown> | null;
  switch (custom.tag) {
    case CustomTag.Error:
      s.errorCount++;
      break;
    case CustomTag.Console:
      if (payload?.level === 'error') s.consoleErrorCount++;
      break;
    case CustomTag.RageClick:
      s.rageClickCount++;
      break;
    case CustomTag.DeadClick:
      s.deadClickCount++;
      break;
    case CustomTag.Identify:
      if (typeof payload?.userId === 'string' && payload.userId !== '') s.userId = payload.userId.slice(0, MAX_USER_ID_LENGTH);
      mergeProperties(s.properties, payload?.traits, 'user.');
      break;
    case CustomTag.Properties:
      mergeProperties(s.properties, payload?.props, '');
      break;
  }
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
  else if (custom?.tag === CustomTag.Navigation) href = (custom.payload as { href?: unknown }).href;
  return typeof href === 'string' ? href.slice(0, MAX_URL_LENGTH) : null;
}

function isClick(event: RecordedEvent): boolean {
  if (event.type !== EventType.IncrementalSnapshot) return false;
  const data = event.data as { source?: unknown; type?: unknown } | null;
  return data?.source === IncrementalSource.MouseInteraction && data.type === MouseInteraction.Click;
}
