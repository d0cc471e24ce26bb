import { describe, expect, it } from 'vitest';
import { CustomTag, EventType, IncrementalSource, MouseInteraction, type RecordedEvent } from '../../wire/index.ts';
import { EMPTY_SUMMARY, summarize } from './summary.ts';

const meta = (t: number, href: string): RecordedEvent => ({ type: EventType.Meta, timestamp: t, data: { href } });
const click = (t: number): RecordedEvent => ({
  type: EventType.IncrementalSnapshot,
  timestamp: t,
  data: { source: IncrementalSource.MouseInteraction, type: MouseInteraction.Click, id: 1 },
});
const mousedown = (t: number): RecordedEvent => ({
  type: EventType.IncrementalSnapshot,
  timestamp: t,
  data: { source: IncrementalSource.MouseInteraction, type: 1, id: 1 },
});

describe('summarize', () => {
  it('counts events, clicks and pages, and keeps entry and exit URLs', () => {
    const s = summarize([meta(100, 'https://a/'), click(150), mousedown(160), meta(200, 'https://a/'), meta(300, 'https://a/b'), click(310)]);
    expect(s).toMatchObject({ startedAt: 100, endedAt: 310, eventCount: 6, pageCount: 2, clickCount: 2, entry: { value: 'https://a/' }, exit: { value: 'https://a/b' } });
  });

  it('uses the earliest and latest timestamps even when events are out of order', () => {
    const s = summarize([click(500), click(100), click(300)]);
    expect([s.startedAt, s.endedAt]).toEqual([100, 500]);
  });

  it('continues from a previous summary without changing it', () => {
    const first = summarize([meta(1, 'https://a/'), click(2)]);
    const snapshot = structuredClone(first);
    const second = summarize([meta(10, 'https://a/c'), click(11)], first);
    expect(first).toEqual(snapshot);
    expect(second).toMatchObject({ startedAt: 1, endedAt: 11, eventCount: 4, pageCount: 2, clickCount: 2, entry: { value: 'https://a/' }, exit: { value: 'https://a/c' } });
  });

  it('caps hostile URL lengths and ignores non-string hrefs', () => {
    const s = summarize([meta(1, 'https://a/' + 'x'.repeat(10_000)), { type: EventType.Meta, timestamp: 2, data: { href: 42 } }]);
    expect(s.entry!.value.length).toBe(2048);
    expect(s.pageCount).toBe(1);
    expect(summarize([], EMPTY_SUMMARY)).toEqual(EMPTY_SUMMARY);
  });
});

describe('summarize: edge-replay signals', () => {
  const custom = (t: number, tag: string, payload: unknown): RecordedEvent => ({ type: EventType.Custom, timestamp: t, data: { tag, payload } });

  it('counts errors, console errors, rage and dead clicks, and keeps the last user id', () => {
    const s = summarize([
      meta(1, 'https://a/'),
      custom(2, CustomTag.Error, { kind: 'error', message: 'x' }),
      custom(3, CustomTag.Console, { level: 'error', args: ['boom'] }),
      custom(4, CustomTag.Console, { level: 'warn', args: ['meh'] }),
      custom(5, CustomTag.RageClick, { selector: 'button', text: '', x: 0, y: 0, count: 4 }),
      custom(6, CustomTag.DeadClick, { selector: 'a', text: '', x: 0, y: 0 }),
      custom(7, CustomTag.Identify, { userId: 'u-1', traits: {} }),
      custom(8, CustomTag.Identify, { userId: 'u-2', traits: {} }),
      custom(9, CustomTag.Error, { kind: 'unhandledrejection', message: 'y' }),
      { type: EventType.Custom, timestamp: 10, data: { tag: 'someone-elses-tag', payload: { level: 'error' } } },
    ]);
    expect(s).toMatchObject({ errorCount: 2, consoleErrorCount: 1, rageClickCount: 1, deadClickCount: 1, user: { value: 'u-2' }, eventCount: 10 });
  });

  it('counts client-side navigations as pages, with entry and exit URLs', () => {
    const s = summarize([
      meta(1, 'https://a/'),
      custom(2, CustomTag.Navigation, { href: 'https://a/', kind: 'load' }),
      custom(3, CustomTag.Navigation, { href: 'https://a/#/form', kind: 'hashchange' }),
      custom(4, CustomTag.Navigation, { href: 'https://a/list', kind: 'pushState' }),
    ]);
    expect(s).toMatchObject({ pageCount: 3, entry: { value: 'https://a/' }, exit: { value: 'https://a/list' } });
  });

  it('ignores an identify without a usable user id', () => {
    expect(summarize([custom(1, CustomTag.Identify, { userId: '', traits: {} }), custom(2, CustomTag.Identify, null)]).user).toBeNull();
  });
});

describe('summarize: properties', () => {
  const custom = (t: number, tag: string, payload: unknown): RecordedEvent => ({ type: EventType.Custom, timestamp: t, data: { tag, payload } });

  it('merges setProperties calls in order and identify traits as user.*, as strings', () => {
    const s = summarize([
      custom(1, CustomTag.Properties, { props: { plan: 'free', cart: 2, beta: true } }),
      custom(2, CustomTag.Identify, { userId: 'u', traits: { plan: 'pro', tier: 3 } }),
      custom(3, CustomTag.Properties, { props: { plan: 'team', beta: null, nested: { no: 1 } } }),
    ]);
    expect(s.properties).toEqual({ plan: 'team', cart: '2', 'user.plan': 'pro', 'user.tier': '3' });
  });

  it('caps the number of keys and the length of keys and values', () => {
    const many = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${i}`, 'v'.repeat(500)]));
    const s = summarize([custom(1, CustomTag.Properties, { props: { ['x'.repeat(300)]: 1, ...many } })]);
    expect(Object.keys(s.properties)).toHaveLength(50);
    expect(Object.keys(s.properties).every((k) => k.length <= 100)).toBe(true);
    expect(Object.values(s.properties).every((v) => v.length <= 200)).toBe(true);
  });

  it('does not change the previous summary\'s properties', () => {
    const first = summarize([custom(1, CustomTag.Properties, { props: { a: 'one' } })]);
    summarize([custom(2, CustomTag.Properties, { props: { a: 'two' } })], first);
    expect(first.properties).toEqual({ a: 'one' });
  });
});

describe('summarize: tabs', () => {
  const custom = (t: number, tag: string, payload: unknown): RecordedEvent => ({ type: EventType.Custom, timestamp: t, data: { tag, payload } });

  it('counts pages per tab, and picks entry, exit, referrer and user by time whatever order tabs are folded in', () => {
    const later = summarize([meta(500, 'https://a/x'), custom(501, CustomTag.Identify, { userId: 'late', traits: {} })], EMPTY_SUMMARY, 'b');
    const both = summarize([
      meta(100, 'https://a/'),
      custom(101, CustomTag.Navigation, { href: 'https://a/', kind: 'load', referrer: 'https://ref/' }),
      custom(102, CustomTag.Identify, { userId: 'early', traits: {} }),
      meta(200, 'https://a/x'),
    ], later, 'a');
    expect(both).toMatchObject({
      pageCount: 3,
      entry: { value: 'https://a/', at: 100 },
      exit: { value: 'https://a/x', at: 500 },
      referrer: { value: 'https://ref/' },
      user: { value: 'late' },
    });
    expect(Object.keys(both.tabs).sort()).toEqual(['a', 'b']);
  });

  it('continues a tab after a compaction as if folded in one go', () => {
    const events = [meta(1, 'https://a/'), click(2), meta(3, 'https://a/'), click(4), meta(5, 'https://a/b'), click(30_000)];
    const whole = summarize(events, EMPTY_SUMMARY, 't');
    const parts = summarize(events.slice(3), summarize(events.slice(0, 3), EMPTY_SUMMARY, 't'), 't');
    expect(parts).toEqual(whole);
    expect(whole.activeMs).toBe(4 + 5_000 - 2 + 5_000);
  });

  it("folds a tab named like an Object.prototype key (tab ids are any [0-9a-z]) as any other", () => {
    const s = summarize([meta(1, 'https://a/'), click(2)], EMPTY_SUMMARY, 'constructor');
    expect(s.activeMs).toBe(5_000);
    expect(s.tabs).toEqual({ constructor: { lastHref: 'https://a/', activeUntil: 5_002 } });
    expect(summarize([click(10_000)], s, 'constructor').activeMs).toBe(10_000);
  });

  it('collects search values and markers from the SDK signals', () => {
    const s = summarize([
      meta(1, 'https://a/p?x=1'),
      custom(2, CustomTag.Click, { selector: 'button.buy', text: 'Buy', x: 0, y: 0 }),
      custom(3, CustomTag.RageClick, { selector: 'button.buy', text: '', x: 0, y: 0, count: 4 }),
      custom(4, CustomTag.DeadClick, { selector: 'a.nope', text: 'Nope', x: 0, y: 0 }),
      custom(5, CustomTag.Error, { kind: 'error', message: 'boom' }),
      custom(6, CustomTag.Track, { name: 'checkout', props: {} }),
    ], EMPTY_SUMMARY, 'a');
    expect(s.search).toEqual({ urls: [{ url: 'https://a/p', at: 1 }], clicks: [{ selector: 'button.buy', text: 'Buy', at: 2 }], errors: [{ message: 'boom', at: 5 }] });
    expect(s.markers.map((m) => [m.kind, m.label])).toEqual([
      ['navigation', 'https://a/p?x=1'],
      ['click', 'Buy'],
      ['rage-click', 'button.buy'],
      ['dead-click', 'Nope'],
      ['error', 'boom'],
      ['track', 'checkout'],
    ]);
  });
});
