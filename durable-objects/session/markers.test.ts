import { describe, expect, it } from 'vitest';
import type { TimelineMarker } from '../../wire/index.ts';
import { addMarker, MAX_MARKERS_PER_KIND, timeline } from './markers.ts';

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
