import { describe, expect, it } from 'vitest';
import { EventType, type RecordedEvent } from '../../../../wire/index.ts';
import { LiveFeed, liveBaseline, parseLiveMessage } from './feed.ts';

const ev = (type: number, timestamp: number): RecordedEvent => ({ type, timestamp, data: {} });
const page = (t: number) => [ev(EventType.Meta, t), ev(EventType.FullSnapshot, t + 1)];
const input = (t: number) => ev(EventType.IncrementalSnapshot, t);

describe('LiveFeed', () => {
  it('starts on the first tab that can draw, then appends to it', () => {
    const feed = new LiveFeed();
    expect(feed.receive('a', [input(1)])).toEqual({ kind: 'none' });
    expect(feed.receive('a', [...page(2), input(4)])).toEqual({ kind: 'start', tab: 'a', events: [...page(2), input(4)] });
    expect(feed.receive('a', [input(5)])).toEqual({ kind: 'append', events: [input(5)] });
    expect(feed.followed).toBe('a');
  });

  it('follows the visitor to a tab that loads a page, but not to one that only changes', () => {
    const feed = new LiveFeed();
    feed.receive('a', page(1));
    expect(feed.receive('b', page(10))).toEqual({ kind: 'start', tab: 'b', events: page(10) });
    expect(feed.receive('a', [input(20)])).toEqual({ kind: 'none' });
    // Switching back shows tab a from its latest snapshot with what arrived meanwhile.
    expect(feed.select('a')).toEqual({ kind: 'start', tab: 'a', events: [...page(1), input(20)] });
    expect(feed.tabs).toEqual(['a', 'b']);
  });

  it('stays on the tab the viewer picked', () => {
    const feed = new LiveFeed();
    feed.receive('a', page(1));
    feed.receive('b', page(2));
    feed.select('a');
    expect(feed.receive('b', page(30))).toEqual({ kind: 'none' });
    expect(feed.select('c')).toEqual({ kind: 'none' });
    // After a reconnect it shows whatever draws first, and goes back to the pick when that comes.
    feed.reset();
    expect(feed.receive('b', page(40))).toMatchObject({ kind: 'start', tab: 'b' });
    expect(feed.receive('a', page(41))).toMatchObject({ kind: 'start', tab: 'a' });
    expect(feed.receive('b', page(42))).toEqual({ kind: 'none' });
  });

  it("keeps only a tab's events from its latest snapshot", () => {
    const feed = new LiveFeed();
    feed.receive('a', [...page(1), input(3)]);
    feed.receive('b', page(5));
    feed.select('b');
    feed.receive('a', [input(6), ...page(7), input(9)]);
    expect(feed.select('a')).toEqual({ kind: 'start', tab: 'a', events: [...page(7), input(9)] });
  });
});

describe('parseLiveMessage', () => {
  it('reads events and ended messages', () => {
    expect(parseLiveMessage('{"type":"events","tab":"a","events":[]}')).toEqual({ type: 'events', tab: 'a', events: [] });
    expect(parseLiveMessage('{"type":"ended"}')).toEqual({ type: 'ended' });
  });

  it.each(['pong', '{', '{"type":"events","tab":1,"events":[]}', '{"type":"events","tab":"a"}', '{"type":"later"}', new ArrayBuffer(2)])(
    'ignores %s',
    (text) => expect(parseLiveMessage(text)).toBeNull(),
  );
});

describe('liveBaseline', () => {
  it('plays events the delay after they happened', () => {
    expect(liveBaseline(10_000, 9_000, 1_000)).toBe(9_000);
  });

  it("does not hold back a visitor whose clock runs ahead of the viewer's", () => {
    expect(liveBaseline(10_000, 40_000, 1_000)).toBe(39_000);
  });
});
