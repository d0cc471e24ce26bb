import { describe, expect, it } from 'vitest';
import { CustomTag, type RecordedEvent, type TimelineMarker } from '../../../wire/index.ts';
import { currentIndex, nextErrorOffset, panelOf, seekMarkers, timelineEntries, waterfallBar } from './timeline.ts';

const T0 = 1_760_000_000_000;
const custom = (at: number, tag: string, payload: unknown): RecordedEvent => ({ type: 5, timestamp: T0 + at, data: { tag, payload } });

const events: RecordedEvent[] = [
  { type: 4, timestamp: T0, data: { href: 'https://shop.test/', width: 1280, height: 720 } },
  { type: 2, timestamp: T0 + 1, data: {} },
  custom(100, CustomTag.Navigation, { href: 'https://shop.test/cart', kind: 'pushState' }),
  custom(200, CustomTag.Console, { level: 'warn', args: ['low stock', '{"id":3}'] }),
  custom(300, CustomTag.Network, { initiator: 'fetch', method: 'POST', url: '/api/pay', status: 502, startTime: T0 + 250, durationMs: 80 }),
  custom(400, CustomTag.Error, { kind: 'error', name: 'TypeError', message: 'x is undefined', stack: 'at pay (app.js:3)' }),
  custom(500, CustomTag.RageClick, { selector: 'button#pay', text: 'Pay', x: 1, y: 2, count: 4 }),
  { type: 5, timestamp: T0 + 550, data: { tag: 'someone-else', payload: {} } },
  custom(600, CustomTag.Track, { name: 'checkout', props: { total: 3 } }),
  custom(700, CustomTag.Console, null),
  custom(900, CustomTag.Error, { kind: 'unhandledrejection', message: 'late' }),
];

describe('timelineEntries', () => {
  const entries = timelineEntries(events, T0, 0);

  it("reads edge-replay's signals in order, as offsets from the tab's start, skipping others and malformed ones", () => {
    expect(entries.map((e) => [e.kind, e.offset])).toEqual([
      ['navigation', 100],
      ['console', 200],
      ['network', 300],
      ['error', 400],
      ['rage-click', 500],
      ['track', 600],
      ['error', 900],
    ]);
    expect(entries.map((e) => e.id)).toEqual(['0:0', '0:1', '0:2', '0:3', '0:4', '0:5', '0:6']);
  });

  it('places a later segment on the same clock, with ids of its own', () => {
    const later = timelineEntries(events.slice(6), T0 - 60_000, 3);
    expect(later.map((e) => [e.id, e.offset])).toEqual([
      ['3:0', 60_500],
      ['3:1', 60_600],
      ['3:2', 60_900],
    ]);
  });

  it('describes each entry as text with a severity', () => {
    expect(entries[1]).toMatchObject({ title: 'warn: low stock {"id":3}', severity: 'warn' });
    expect(entries[2]).toMatchObject({ title: 'POST /api/pay 502', severity: 'error', span: { start: 250, duration: 80 } });
    expect(entries[3]).toMatchObject({ title: 'TypeError: x is undefined', detail: 'at pay (app.js:3)', severity: 'error' });
    expect(entries[4].title).toBe('Rage click ×4 on Pay');
    expect(entries[5]).toMatchObject({ title: 'Event checkout', detail: '{"total":3}' });
  });

  it('files entries under their panels', () => {
    expect(entries.map((e) => panelOf(e.kind))).toEqual(['events', 'console', 'network', 'errors', 'events', 'events', 'errors']);
  });

  it('keeps hostile payloads as capped text', () => {
    const [entry] = timelineEntries([custom(0, CustomTag.Console, { level: 'log', args: ['<img src=x onerror=alert(1)>'.repeat(500), 42] })], T0, 0);
    expect(entry.title.length).toBeLessThanOrEqual(300);
    expect(entry.detail.length).toBeLessThanOrEqual(4_001);
  });
});

describe('currentIndex, seekMarkers and nextErrorOffset', () => {
  const entries = timelineEntries(events, T0, 0);
  const marker = (at: number, kind: TimelineMarker['kind'], tab = 'a'): TimelineMarker => ({ t: T0 + at, kind, label: `${kind} ${at}`, tab });

  it('finds the entry playback has reached', () => {
    expect(currentIndex(entries, 0)).toBe(-1);
    expect(currentIndex(entries, 100)).toBe(0);
    expect(currentIndex(entries, 450)).toBe(3);
    expect(currentIndex(entries, 10_000)).toBe(6);
  });

  it("ticks the manifest's markers of the tab and the loaded entries' marker kinds, once per kind and moment", () => {
    const markers = seekMarkers([marker(400, 'error'), marker(5_000, 'error'), marker(6_000, 'click', 'b')], 'a', T0, entries);
    expect(markers.map((m) => [m.kind, m.offset])).toEqual([
      ['navigation', 100],
      ['error', 400],
      ['rage-click', 500],
      ['track', 600],
      ['error', 900],
      ['error', 5_000],
    ]);
    expect(markers[1]!.title).toBe('error 400');
  });

  it('jumps to the next error, in loaded entries or in markers of segments not loaded, skipping failed requests', () => {
    const markers = seekMarkers([marker(5_000, 'error')], 'a', T0, entries);
    expect(nextErrorOffset(entries, markers, 0)).toBe(400);
    expect(nextErrorOffset(entries, markers, 400)).toBe(900);
    expect(nextErrorOffset(entries, markers, 900)).toBe(5_000);
    expect(nextErrorOffset(entries, markers, 5_000)).toBeNull();
    const consoleError = timelineEntries([custom(50, CustomTag.Console, { level: 'error', args: ['boom'] })], T0, 1);
    expect(nextErrorOffset(consoleError, [], 0)).toBe(50);
  });
});

describe('console errors on the seek bar', () => {
  const marker = (at: number, kind: TimelineMarker['kind']): TimelineMarker => ({ t: T0 + at, kind, label: `${kind} ${at}`, tab: 'a' });
  const loaded = timelineEntries([custom(50, CustomTag.Console, { level: 'error', args: ['boom'] }), custom(60, CustomTag.Console, { level: 'warn', args: ['meh'] })], T0, 0);

  it('ticks loaded console errors and those of parts not loaded, once per moment, as their own kind', () => {
    const markers = seekMarkers([marker(50, 'console-error'), marker(7_000, 'console-error')], 'a', T0, loaded);
    expect(markers.map((m) => [m.kind, m.offset])).toEqual([
      ['console-error', 50],
      ['console-error', 7_000],
    ]);
    // The manifest keeps 100 per kind: loaded console errors tick without one.
    expect(seekMarkers([], 'a', T0, loaded).map((m) => [m.kind, m.offset, m.title])).toEqual([['console-error', 50, 'error: boom']]);
  });

  it('lets "next error" reach a console error in a part not loaded yet', () => {
    const markers = seekMarkers([marker(7_000, 'console-error'), marker(9_000, 'error')], 'a', T0, []);
    expect(nextErrorOffset([], markers, 0)).toBe(7_000);
    expect(nextErrorOffset([], markers, 7_000)).toBe(9_000);
  });
});

describe('waterfallBar', () => {
  it('places a request on the replay length, with a visible minimum width', () => {
    expect(waterfallBar({ start: 250, duration: 250 }, 1_000)).toEqual({ left: 25, width: 25 });
    expect(waterfallBar({ start: 990, duration: 0 }, 1_000)).toEqual({ left: 99, width: 0.5 });
    expect(waterfallBar({ start: 0, duration: 5 }, 0)).toEqual({ left: 0, width: 100 });
  });
});
