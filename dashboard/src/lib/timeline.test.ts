import { describe, expect, it } from 'vitest';
import { CustomTag, type RecordedEvent } from '../../../wire/index.ts';
import { currentIndex, nextErrorOffset, panelOf, timelineEntries, waterfallBar } from './timeline.ts';

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
  const entries = timelineEntries(events);

  it("reads edge-replay's signals in order, as offsets from the first event, skipping others and malformed ones", () => {
    expect(entries.map((e) => [e.kind, e.offset])).toEqual([
      ['navigation', 100],
      ['console', 200],
      ['network', 300],
      ['error', 400],
      ['rage-click', 500],
      ['track', 600],
      ['error', 900],
    ]);
    expect(entries.map((e) => e.id)).toEqual([0, 1, 2, 3, 4, 5, 6]);
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
    const [entry] = timelineEntries([custom(0, CustomTag.Console, { level: 'log', args: ['<img src=x onerror=alert(1)>'.repeat(500), 42] })]);
    expect(entry.title.length).toBeLessThanOrEqual(300);
    expect(entry.detail.length).toBeLessThanOrEqual(4_001);
  });
});

describe('currentIndex and nextErrorOffset', () => {
  const entries = timelineEntries(events);

  it('finds the entry playback has reached', () => {
    expect(currentIndex(entries, 0)).toBe(-1);
    expect(currentIndex(entries, 100)).toBe(0);
    expect(currentIndex(entries, 450)).toBe(3);
    expect(currentIndex(entries, 10_000)).toBe(6);
  });

  it('jumps to the next error, skipping failed requests, and gives null after the last', () => {
    expect(nextErrorOffset(entries, 0)).toBe(400);
    expect(nextErrorOffset(entries, 400)).toBe(900);
    expect(nextErrorOffset(entries, 900)).toBeNull();
  });
});

describe('waterfallBar', () => {
  it('places a request on the replay length, with a visible minimum width', () => {
    expect(waterfallBar({ start: 250, duration: 250 }, 1_000)).toEqual({ left: 25, width: 25 });
    expect(waterfallBar({ start: 990, duration: 0 }, 1_000)).toEqual({ left: 99, width: 0.5 });
    expect(waterfallBar({ start: 0, duration: 5 }, 0)).toEqual({ left: 0, width: 100 });
  });
});
