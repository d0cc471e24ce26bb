import { describe, expect, it } from 'vitest';
import { CustomTag, type RecordedEvent, type TimelineMarker } from '../../wire/index.ts';
import { addConsoleMarker, addMarker, MAX_MARKERS_PER_KIND, timeline } from './markers.ts';
import { summarize } from './summary.ts';

describe('timeline markers', () => {
  it('caps each kind on its own, so late errors survive a click-heavy session', () => {
    const markers: TimelineMarker[] = [];
    for (let i = 0; i < 500; i++) addMarker(markers, 'click', i, 'Buy', 'a');
    addMarker(markers, 'error', 600, 'boom', 'a');
    expect(markers.filter((m) => m.kind === 'click')).toHaveLength(MAX_MARKERS_PER_KIND);
    expect(markers.at(-1)).toEqual({ t: 600, kind: 'error', label: 'boom', tab: 'a' });
  });
  it('caps labels, blanks non-text ones, and orders tabs by time', () => {
    const markers: TimelineMarker[] = [];
    addMarker(markers, 'track', 5, 'x'.repeat(500), 'b');
    addMarker(markers, 'navigation', 3, 42, 'a');
    expect(markers[0]!.label).toHaveLength(120);
    expect(timeline(markers).map((m) => [m.t, m.label.length])).toEqual([[3, 0], [5, 120]]);
  });
});

describe('console error markers', () => {
  it('marks console.error calls with a kind of their own, labelled with their text, and no other level', () => {
    const markers: TimelineMarker[] = [];
    addConsoleMarker(markers, { level: 'error', args: ['payment failed', { not: 'text' }, 'code 7'] }, 10, 'a');
    addConsoleMarker(markers, { level: 'warn', args: ['low stock'] }, 11, 'a');
    addConsoleMarker(markers, { level: 'error', args: 'x'.repeat(500) }, 12, 'a');
    addConsoleMarker(markers, null, 13, 'a');
    expect(markers).toEqual([
      { t: 10, kind: 'console-error', label: 'payment failed code 7', tab: 'a' },
      { t: 12, kind: 'console-error', label: '', tab: 'a' },
    ]);
  });

  it("reach the manifest's markers from a tab's events, apart from uncaught errors", () => {
    const signal = (t: number, tag: string, payload: unknown): RecordedEvent => ({ type: 5, timestamp: t, data: { tag, payload } });
    const s = summarize(
      [signal(1, CustomTag.Console, { level: 'error', args: ['boom'] }), signal(2, CustomTag.Error, { kind: 'error', message: 'bang' })],
      undefined,
      'a',
    );
    expect(timeline(s.markers).map((m) => [m.kind, m.label])).toEqual([
      ['console-error', 'boom'],
      ['error', 'bang'],
    ]);
  });
});
