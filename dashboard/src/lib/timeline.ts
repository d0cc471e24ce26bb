/**
 * What the side panels and the seek bar show: edge-replay's own signals read out of one tab's
 * events, placed by their offset into the replay. Pure, so it is tested without a browser.
 *
 * Recorded data is untrusted: payloads are read defensively and only ever rendered as text.
 */
import {
  CustomTag,
  customData,
  type ConsolePayload,
  type ErrorPayload,
  type MarkerKind,
  type NetworkPayload,
  type RecordedEvent,
  type TimelineMarker,
} from '../../../wire/index.ts';
import { lastAtOrBefore } from './sorted.ts';

export type Panel = 'console' | 'network' | 'errors' | 'events';

export type EntryKind =
  | 'console'
  | 'network'
  | 'error'
  | 'navigation'
  | 'click'
  | 'rage-click'
  | 'dead-click'
  | 'identify'
  | 'track'
  | 'properties'
  | 'gap';

export interface TimelineEntry {
  /** `<segment>:<n>`: stable for keyed lists while more segments load. */
  id: string;
  kind: EntryKind;
  /** ms from the replay's first event. */
  offset: number;
  /** One line, as text. */
  title: string;
  /** Further lines (arguments, stacks), as text; empty when there are none. */
  detail: string;
  /** warn and error levels (console), failed requests (network), errors. */
  severity: 'info' | 'warn' | 'error';
  /** Network entries: request start and length, ms from the replay's first event. */
  span?: { start: number; duration: number };
}

const KIND_OF_TAG: Record<string, EntryKind> = {
  [CustomTag.Console]: 'console',
  [CustomTag.Network]: 'network',
  [CustomTag.Error]: 'error',
  [CustomTag.Navigation]: 'navigation',
  [CustomTag.Click]: 'click',
  [CustomTag.RageClick]: 'rage-click',
  [CustomTag.DeadClick]: 'dead-click',
  [CustomTag.Identify]: 'identify',
  [CustomTag.Track]: 'track',
  [CustomTag.Properties]: 'properties',
  [CustomTag.Gap]: 'gap',
};

/** Which panel lists an entry. */
export function panelOf(kind: EntryKind): Panel {
  if (kind === 'console') return 'console';
  if (kind === 'network') return 'network';
  if (kind === 'error') return 'errors';
  return 'events';
}

/** Entry kinds drawn on the seek bar as they are; console entries only when they are errors. */
const MARKER_KINDS: ReadonlySet<string> = new Set<MarkerKind>(['navigation', 'click', 'rage-click', 'dead-click', 'error', 'track']);

/** The seek bar's tick for an entry, as the manifest's markers name it; null for entries without one. */
function markerKind(entry: TimelineEntry): MarkerKind | null {
  if (entry.kind === 'console') return entry.severity === 'error' ? 'console-error' : null;
  return MARKER_KINDS.has(entry.kind) ? (entry.kind as MarkerKind) : null;
}

/** Errors "next error" stops at: uncaught ones and console.error calls. */
const ERROR_MARKERS: ReadonlySet<MarkerKind> = new Set(['error', 'console-error']);

const text = (value: unknown, max = 2_000): string => (typeof value === 'string' ? value.slice(0, max) : '');
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/**
 * The signals in one segment's events, in time order, placed by their offset from `start` (the
 * tab's first event). `events` are sorted by timestamp; `segment` names the entries' ids.
 */
export function timelineEntries(events: readonly RecordedEvent[], start: number, segment: number): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const event of events) {
    const data = customData(event);
    const kind = data && KIND_OF_TAG[data.tag];
    if (!kind || typeof data.payload !== 'object' || data.payload === null) continue;
    const entry = describe(kind, data.payload as unknown as Record<string, unknown>, start);
    entries.push({ id: `${segment}:${entries.length}`, kind, offset: Math.max(0, event.timestamp - start), ...entry });
  }
  return entries;
}

type Described = Pick<TimelineEntry, 'title' | 'detail' | 'severity' | 'span'>;

function describe(kind: EntryKind, p: Record<string, unknown>, start: number): Described {
  switch (kind) {
    case 'console': {
      const level = text(p.level) as ConsolePayload['level'];
      const args = Array.isArray(p.args) ? p.args.map((a) => text(a)) : [];
      return {
        title: `${level || 'log'}: ${args.join(' ')}`.slice(0, 300),
        detail: [args.join(' '), text(p.stack)].filter(Boolean).join('\n'),
        severity: level === 'error' ? 'error' : level === 'warn' ? 'warn' : 'info',
      };
    }
    case 'network': {
      const status = num(p.status) ?? 0;
      const failed = status === 0 || status >= 400;
      const startTime = num(p.startTime);
      const duration = Math.max(0, num(p.durationMs) ?? 0);
      return {
        title: `${text(p.method, 16) || 'GET'} ${text(p.url, 500)} ${status || text(p.error, 100) || 'failed'}`,
        detail: networkDetail(p as Partial<NetworkPayload>),
        severity: failed ? 'error' : 'info',
        span: startTime === null ? undefined : { start: Math.max(0, startTime - start), duration },
      };
    }
    case 'error': {
      const name = text(p.name, 100);
      const message = text(p.message, 500);
      return {
        title: name ? `${name}: ${message}` : message || (text(p.kind) as ErrorPayload['kind']),
        detail: text(p.stack, 8_000),
        severity: 'error',
      };
    }
    case 'navigation':
      return { title: `${text(p.kind, 20) || 'navigation'} ${text(p.href, 500)}`, detail: '', severity: 'info' };
    case 'click':
    case 'rage-click':
    case 'dead-click': {
      const label = text(p.text, 80) || text(p.selector, 200);
      const prefix = kind === 'click' ? 'Click' : kind === 'rage-click' ? `Rage click ×${num(p.count) ?? 3}` : 'Dead click';
      return { title: `${prefix} on ${label}`, detail: text(p.selector, 200), severity: kind === 'click' ? 'info' : 'warn' };
    }
    case 'identify':
      return { title: `Identified as ${text(p.userId, 200)}`, detail: json(p.traits), severity: 'info' };
    case 'track':
      return { title: `Event ${text(p.name, 200)}`, detail: json(p.props), severity: 'info' };
    case 'properties':
      return { title: 'Properties set', detail: json(p.props), severity: 'info' };
    case 'gap':
      return { title: `${num(p.droppedEvents) ?? 0} events not recorded (${text(p.reason, 40)})`, detail: '', severity: 'warn' };
  }
}

function networkDetail(p: Partial<NetworkPayload>): string {
  const lines = [`${num(p.durationMs) ?? '?'} ms`];
  if (typeof p.requestBytes === 'number') lines.push(`sent ${p.requestBytes} B`);
  if (typeof p.responseBytes === 'number') lines.push(`received ${p.responseBytes} B`);
  if (p.error) lines.push(text(p.error, 300));
  if (p.requestBody) lines.push(`request body: ${text(p.requestBody)}`);
  if (p.responseBody) lines.push(`response body: ${text(p.responseBody)}`);
  return lines.join('\n');
}

function json(value: unknown): string {
  try {
    return JSON.stringify(value ?? {}).slice(0, 2_000);
  } catch {
    return '';
  }
}

/** The index of the last entry at or before `time`, or -1: the entry playback has reached. */
export function currentIndex(entries: readonly TimelineEntry[], time: number): number {
  return lastAtOrBefore(entries, time, (entry) => entry.offset);
}

/** A tick on the seek bar. */
export interface SeekMarker {
  id: string;
  kind: MarkerKind;
  /** ms from the tab's first event. */
  offset: number;
  title: string;
}

/**
 * The seek bar's ticks: the manifest's markers for the tab (the whole tab, loaded or not), and
 * the marker kinds among the loaded entries, which the manifest caps at 100 per kind. One tick
 * per kind and moment.
 */
export function seekMarkers(markers: readonly TimelineMarker[], tab: string, start: number, entries: readonly TimelineEntry[]): SeekMarker[] {
  const byKey = new Map<string, SeekMarker>();
  for (const marker of markers) {
    if (marker.tab !== tab) continue;
    const offset = Math.max(0, marker.t - start);
    byKey.set(`${marker.kind}@${offset}`, { id: `m${byKey.size}`, kind: marker.kind, offset, title: marker.label });
  }
  for (const entry of entries) {
    const kind = markerKind(entry);
    const key = `${kind}@${entry.offset}`;
    if (kind !== null && !byKey.has(key)) byKey.set(key, { id: entry.id, kind, offset: entry.offset, title: entry.title });
  }
  return [...byKey.values()].sort((a, b) => a.offset - b.offset);
}

/**
 * The offset of the first error strictly after `time`, or null when there is none: errors and
 * console errors among the loaded entries, and their markers anywhere in the tab (failed
 * requests are not errors of the page).
 */
export function nextErrorOffset(entries: readonly TimelineEntry[], markers: readonly SeekMarker[], time: number): number | null {
  let next: number | null = null;
  const consider = (offset: number) => {
    if (offset > time && (next === null || offset < next)) next = offset;
  };
  for (const entry of entries) if (entry.severity === 'error' && entry.kind !== 'network') consider(entry.offset);
  for (const marker of markers) if (ERROR_MARKERS.has(marker.kind)) consider(marker.offset);
  return next;
}

/** A network entry's bar in the waterfall, as percentages of the replay's length. */
export function waterfallBar(span: { start: number; duration: number }, totalTime: number): { left: number; width: number } {
  if (totalTime <= 0) return { left: 0, width: 100 };
  const left = Math.min(100, (span.start / totalTime) * 100);
  return { left, width: Math.max(0.5, Math.min(100 - left, (span.duration / totalTime) * 100)) };
}
