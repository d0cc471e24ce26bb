import { describe, expect, it } from 'vitest';
import { ASSET_TAG, assetRef, type CapturedAsset } from '../../../../wire/assets.ts';
import { EventType, WRITTEN_SEQ, type RecordedEvent } from '../../../../wire/index.ts';
import { resolveAssets, type AssetSource } from '../player/assets.ts';
import { LiveFeed, liveBaseline, parseLiveMessage, seedCaptured } from './feed.ts';

const ev = (type: number, timestamp: number): RecordedEvent => ({ type, timestamp, data: {} });
const page = (t: number) => [ev(EventType.Meta, t), ev(EventType.FullSnapshot, t + 1)];
const input = (t: number) => ev(EventType.IncrementalSnapshot, t);

describe('LiveFeed', () => {
  it('starts on the first tab that can draw, then appends to it', () => {
    const feed = new LiveFeed();
    expect(feed.receive('a', 1, [input(1)])).toEqual({ kind: 'none' });
    expect(feed.receive('a', 2, [...page(2), input(4)])).toEqual({ kind: 'start', tab: 'a', events: [...page(2), input(4)] });
    expect(feed.receive('a', 3, [input(5)])).toEqual({ kind: 'append', events: [input(5)] });
    expect(feed.followed).toBe('a');
  });

  it('follows the visitor to a tab that loads a page, but not to one that only changes', () => {
    const feed = new LiveFeed();
    feed.receive('a', 4, page(1));
    expect(feed.receive('b', 5, page(10))).toEqual({ kind: 'start', tab: 'b', events: page(10) });
    expect(feed.receive('a', 6, [input(20)])).toEqual({ kind: 'none' });
    // Switching back shows tab a from its latest snapshot with what arrived meanwhile.
    expect(feed.select('a')).toEqual({ kind: 'start', tab: 'a', events: [...page(1), input(20)] });
    expect(feed.tabs).toEqual(['a', 'b']);
  });

  it('stays on the tab the viewer picked', () => {
    const feed = new LiveFeed();
    feed.receive('a', 7, page(1));
    feed.receive('b', 8, page(2));
    feed.select('a');
    expect(feed.receive('b', 9, page(30))).toEqual({ kind: 'none' });
    expect(feed.select('c')).toEqual({ kind: 'none' });
    // After a reconnect it shows whatever draws first, and goes back to the pick when that comes.
    feed.reset();
    expect(feed.receive('b', 10, page(40))).toMatchObject({ kind: 'start', tab: 'b' });
    expect(feed.receive('a', 11, page(41))).toMatchObject({ kind: 'start', tab: 'a' });
    expect(feed.receive('b', 12, page(42))).toEqual({ kind: 'none' });
  });

  it("keeps only a tab's events from its latest snapshot", () => {
    const feed = new LiveFeed();
    feed.receive('a', 13, [...page(1), input(3)]);
    feed.receive('b', 14, page(5));
    feed.select('b');
    feed.receive('a', 15, [input(6), ...page(7), input(9)]);
    expect(feed.select('a')).toEqual({ kind: 'start', tab: 'a', events: [...page(7), input(9)] });
  });
});

describe('LiveFeed with batches out of seq order', () => {
  const ids = (action: ReturnType<LiveFeed['receive']>) => (action.kind === 'none' ? action.kind : [action.kind, action.events.map((e) => e.timestamp)]);

  it('starts the tab over with a late batch in its place, so every event plays once and in order', () => {
    const feed = new LiveFeed();
    feed.receive('a', 0, [...page(1), input(3)]);
    expect(ids(feed.receive('a', 2, [input(20)]))).toEqual(['append', [20]]);
    expect(ids(feed.receive('a', 1, [input(10)]))).toEqual(['start', [1, 2, 3, 10, 20]]);
    expect(ids(feed.receive('a', 3, [input(30)]))).toEqual(['append', [30]]);
  });

  it('keeps the parts of a batch sent in several messages together, also when the batch is late', () => {
    const feed = new LiveFeed();
    feed.receive('a', 0, page(1));
    feed.receive('a', 5, [input(50)]);
    expect(ids(feed.receive('a', 4, [input(40)]))).toEqual(['start', [1, 2, 40, 50]]);
    expect(ids(feed.receive('a', 4, [input(41)]))).toEqual(['start', [1, 2, 40, 41, 50]]);
    expect(ids(feed.receive('a', 5, [input(51)]))).toEqual(['append', [51]]);
  });

  it('drops a late batch older than the snapshot the tab shows, and starts from a late snapshot', () => {
    const feed = new LiveFeed();
    feed.receive('a', 0, page(1));
    feed.receive('a', 2, [...page(20), input(22)]);
    expect(feed.receive('a', 1, [input(10)])).toEqual({ kind: 'none' });
    // A tab whose snapshot arrives after the batches that follow it draws them all.
    expect(feed.receive('b', 8, [input(81)])).toEqual({ kind: 'none' });
    expect(feed.tabs).toEqual(['a']);
    expect(feed.select('b')).toEqual({ kind: 'none' });
    feed.select('a');
    expect(ids(feed.receive('b', 7, page(70)))).toEqual('none');
    expect(ids(feed.select('b'))).toEqual(['start', [70, 71, 81]]);
  });

  it('starts from the written segment read back for the catch-up, before pending batches', () => {
    const feed = new LiveFeed();
    feed.receive('a', WRITTEN_SEQ, page(1));
    feed.receive('a', 6, [input(60)]);
    expect(ids(feed.receive('a', 5, [input(50)]))).toEqual(['start', [1, 2, 50, 60]]);
  });
});

describe('parseLiveMessage', () => {
  it('reads events and ended messages', () => {
    expect(parseLiveMessage('{"type":"events","tab":"a","seq":3,"events":[]}')).toEqual({ type: 'events', tab: 'a', seq: 3, events: [] });
    expect(parseLiveMessage('{"type":"ended"}')).toEqual({ type: 'ended' });
  });

  it.each(['pong', '{', '{"type":"events","tab":1,"events":[]}', '{"type":"events","tab":"a"}', '{"type":"events","tab":"a","events":[]}', '{"type":"events","tab":"a","seq":1.5,"events":[]}', '{"type":"later"}', new ArrayBuffer(2)])(
    'ignores %s',
    (text) => expect(parseLiveMessage(text)).toBeNull(),
  );
});

describe('seedCaptured', () => {
  const LOGO = 'c'.repeat(64);
  const source: AssetSource = { url: (hash) => `https://dash.test/api/assets/${hash}`, text: async () => '' };
  const captured = (tab: string, t: number, url: string, data: string): CapturedAsset => ({ tab, t, url, data });
  const img = (src: string): RecordedEvent => ({
    type: EventType.FullSnapshot,
    timestamp: 50,
    data: { node: { type: 0, id: 1, childNodes: [{ type: 2, id: 2, tagName: 'img', attributes: { src }, childNodes: [] }] } },
  });
  const srcOf = (event: RecordedEvent) => (event.data as { node: { childNodes: Array<{ attributes: { src: string } }> } }).node.childNodes[0]!.attributes.src;

  it("resolves a tab's snapshot against URLs it captured before it, from the catch-up's assets message", async () => {
    const assets = [captured('a', 10, 'https://shop.test/logo.png', assetRef(LOGO)), captured('a', 11, 'https://shop.test/dot.png', 'data:image/png;base64,AAAA')];
    const message = parseLiveMessage(JSON.stringify({ type: 'assets', tab: 'a', assets: [...assets, { url: 1 }] }));
    expect(message).toEqual({ type: 'assets', tab: 'a', assets });
    const map = new Map<string, string>();
    seedCaptured(map, 'a', message!.type === 'assets' ? message!.assets : [], source);
    const logo = img('https://shop.test/logo.png');
    const dot = img('https://shop.test/dot.png');
    const other = img('https://shop.test/other.png');
    for (const event of [logo, dot, other]) await resolveAssets([event], source, map);
    expect(srcOf(logo)).toBe(`https://dash.test/api/assets/${LOGO}`);
    expect(srcOf(dot)).toBe('data:image/png;base64,AAAA');
    expect(srcOf(other)).toBe('https://shop.test/other.png');
  });

  it("keeps a URL's latest copy, so a capture in the events after the seed still wins", async () => {
    const map = new Map<string, string>();
    seedCaptured(map, 'a', [captured('a', 1, 'https://shop.test/logo.png', 'data:image/png;base64,OLD'), captured('a', 2, 'https://shop.test/logo.png', 'data:image/png;base64,NEW')], source);
    expect(map.get('https://shop.test/logo.png')).toBe('data:image/png;base64,NEW');
    const later = { type: EventType.Custom, timestamp: 60, data: { tag: ASSET_TAG, payload: { url: 'https://shop.test/logo.png', data: assetRef(LOGO) } } };
    const snapshot = img('https://shop.test/logo.png');
    await resolveAssets([later, snapshot], source, map);
    expect(srcOf(snapshot)).toBe(`https://dash.test/api/assets/${LOGO}`);
  });
});

describe('liveBaseline', () => {
  it('plays events the delay after they happened', () => {
    expect(liveBaseline(10_000, 9_000, 1_000)).toBe(9_000);
  });

  it("does not hold back a visitor whose clock runs ahead of the viewer's", () => {
    expect(liveBaseline(10_000, 40_000, 1_000)).toBe(39_000);
  });
});
