import { EventType, IncrementalSource, MouseInteraction, type RecordedEvent } from '../../wire/index.ts';

/** What the session row in D1 says about the recorded events. Derived, never trusted from the client. */
export interface SessionSummary {
  startedAt: number | null;
  endedAt: number | null;
  eventCount: number;
  pageCount: number;
  clickCount: number;
  entryUrl: string | null;
  exitUrl: string | null;
}

export const EMPTY_SUMMARY: SessionSummary = {
  startedAt: null,
  endedAt: null,
  eventCount: 0,
  pageCount: 0,
  clickCount: 0,
  entryUrl: null,
  exitUrl: null,
};

const MAX_URL_LENGTH = 2048;

/** Folds events into a summary; pass the previous summary to continue a reopened session. */
export function summarize(events: RecordedEvent[], previous: SessionSummary = EMPTY_SUMMARY): SessionSummary {
  const s = { ...previous };
  for (const event of events) {
    s.eventCount++;
    s.startedAt = s.startedAt === null ? event.timestamp : Math.min(s.startedAt, event.timestamp);
    s.endedAt = s.endedAt === null ? event.timestamp : Math.max(s.endedAt, event.timestamp);
    const href = metaHref(event);
    if (href !== null) {
      if (s.entryUrl === null) s.entryUrl = href;
      // rrweb repeats Meta on every full snapshot; only a changed URL is a new page.
      if (href !== s.exitUrl) s.pageCount++;
      s.exitUrl = href;
    }
    if (isClick(event)) s.clickCount++;
  }
  return s;
}

function metaHref(event: RecordedEvent): string | null {
  if (event.type !== EventType.Meta) return null;
  const href = (event.data as { href?: unknown } | null)?.href;
  return typeof href === 'string' ? href.slice(0, MAX_URL_LENGTH) : null;
}

function isClick(event: RecordedEvent): boolean {
  if (event.type !== EventType.IncrementalSnapshot) return false;
  const data = event.data as { source?: unknown; type?: unknown } | null;
  return data?.source === IncrementalSource.MouseInteraction && data.type === MouseInteraction.Click;
}
