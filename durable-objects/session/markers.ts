import type { MarkerKind, TimelineMarker } from '../../wire/index.ts';

/** Per kind, so a session full of clicks still shows its errors. */
export const MAX_MARKERS_PER_KIND = 100;
const MAX_LABEL_LENGTH = 120;

export function addMarker(markers: TimelineMarker[], kind: MarkerKind, t: number, label: unknown, tab: string): void {
  if (markers.filter((m) => m.kind === kind).length >= MAX_MARKERS_PER_KIND) return;
  markers.push({ t, kind, label: typeof label === 'string' ? label.slice(0, MAX_LABEL_LENGTH) : '', tab });
}

/**
 * A console.error call is a marker of its own kind, labelled with its text: the timeline tells it
 * from an uncaught error, and "next error" stops at both.
 */
export function addConsoleMarker(markers: TimelineMarker[], payload: unknown, t: number, tab: string): void {
  const { level, args } = (payload ?? {}) as { level?: unknown; args?: unknown };
  if (level !== 'error') return;
  const text = Array.isArray(args) ? args.filter((arg) => typeof arg === 'string').join(' ') : '';
  addMarker(markers, 'console-error', t, text, tab);
}

/** In time order for the manifest; tabs are folded one after another, so their markers interleave. */
export function timeline(markers: readonly TimelineMarker[]): TimelineMarker[] {
  return [...markers].sort((a, b) => a.t - b.t || (a.tab < b.tab ? -1 : a.tab > b.tab ? 1 : 0));
}
