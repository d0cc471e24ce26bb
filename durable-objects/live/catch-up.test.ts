import { describe, expect, it } from 'vitest';
import { ASSET_TAG, assetRef, type CapturedAsset } from '../../wire/assets.ts';
import { EventType, fromLatestSnapshot, latestSnapshotStart, WRITTEN_SEQ, type RecordedEvent, type SegmentInfo } from '../../wire/index.ts';
import { catchUp, segmentsToRead } from './catch-up.ts';

const ev = (type: number, timestamp: number): RecordedEvent => ({ type, timestamp, data: {} });
const meta = (t: number) => ev(EventType.Meta, t);
const snapshot = (t: number) => ev(EventType.FullSnapshot, t);
const input = (t: number) => ev(EventType.IncrementalSnapshot, t);
const segment = (index: number, tab: string): SegmentInfo => ({ index, tab, startTime: 0, endTime: 0, eventCount: 1, bytes: 1 });

describe('latestSnapshotStart', () => {
  it('starts at the Meta event just before the latest full snapshot', () => {
    expect(latestSnapshotStart([meta(1), snapshot(2), input(3), meta(4), snapshot(5), input(6)])).toBe(3);
  });

  it('starts at the snapshot itself when no Meta precedes it', () => {
    expect(latestSnapshotStart([input(1), snapshot(2), input(3)])).toBe(1);
  });

  it('is -1 without a full snapshot', () => {
    expect(latestSnapshotStart([meta(1), input(2)])).toBe(-1);
    expect(latestSnapshotStart([])).toBe(-1);
  });
});

describe('fromLatestSnapshot', () => {
  it('cuts a tab’s batches at the latest snapshot, keeping each batch’s seq', () => {
    const batches = [
      { seq: 0, events: [meta(1), snapshot(2)] },
      { seq: 1, events: [input(3), meta(4), snapshot(5), input(6)] },
      { seq: 3, events: [input(7)] },
    ];
    expect(fromLatestSnapshot(batches)).toEqual([
      { seq: 1, events: [meta(4), snapshot(5), input(6)] },
      { seq: 3, events: [input(7)] },
    ]);
    expect(fromLatestSnapshot([{ seq: 0, events: [input(1)] }])).toBeNull();
  });
});

describe('catchUp', () => {
  it('gives each tab its batches from its latest snapshot on, the most recently active tab last', () => {
    const pending = new Map([
      ['b', [{ seq: 0, events: [meta(10), snapshot(11), input(40)] }]],
      ['a', [{ seq: 0, events: [meta(1), snapshot(2), input(3)] }, { seq: 1, events: [meta(20), snapshot(21)] }, { seq: 3, events: [input(22)] }]],
    ]);
    expect(catchUp(pending, [], new Map())).toEqual([
      { tab: 'a', batches: [{ seq: 1, events: [meta(20), snapshot(21)] }, { seq: 3, events: [input(22)] }], assets: [] },
      { tab: 'b', batches: [{ seq: 0, events: [meta(10), snapshot(11), input(40)] }], assets: [] },
    ]);
  });

  it("reads a tab's snapshot from its last written segment when the pending batches hold none", () => {
    const pending = new Map([['a', [{ seq: 7, events: [input(30), input(31)] }]]]);
    const segments = [segment(0, 'a'), segment(1, 'b'), segment(2, 'a')];
    expect(segmentsToRead(pending, segments)).toEqual([segment(2, 'a'), segment(1, 'b')]);
    const written = new Map([
      [2, [meta(20), snapshot(21), input(22)]],
      [1, [meta(5), snapshot(6)]],
    ]);
    expect(catchUp(pending, segments, written)).toEqual([
      { tab: 'b', batches: [{ seq: WRITTEN_SEQ, events: [meta(5), snapshot(6)] }], assets: [] },
      { tab: 'a', batches: [{ seq: WRITTEN_SEQ, events: [meta(20), snapshot(21), input(22)] }, { seq: 7, events: [input(30), input(31)] }], assets: [] },
    ]);
  });

  it('needs no segment for a tab whose pending batches have a snapshot', () => {
    const pending = new Map([['a', [{ seq: 4, events: [meta(30), snapshot(31)] }]]]);
    expect(segmentsToRead(pending, [segment(0, 'a')])).toEqual([]);
    expect(catchUp(pending, [segment(0, 'a')], new Map())).toEqual([{ tab: 'a', batches: [{ seq: 4, events: [meta(30), snapshot(31)] }], assets: [] }]);
  });

  it("carries a tab's captures from before its latest snapshot: the written ones, then those cut away", () => {
    const ref = (c: string) => assetRef(c.repeat(64));
    const capture = (t: number, url: string, data: string): RecordedEvent => ({ type: EventType.Custom, timestamp: t, data: { tag: ASSET_TAG, payload: { url, data } } });
    const asset = (tab: string, t: number, url: string, data: string): CapturedAsset => ({ tab, t, url, data });
    const pending = new Map([
      ['a', [{ seq: 0, events: [meta(10), snapshot(11), capture(12, 'https://s/logo.png', ref('c'))] }, { seq: 1, events: [meta(20), snapshot(21), capture(22, 'https://s/late.png', ref('d'))] }]],
    ]);
    const written = [asset('a', 5, 'https://s/font.woff2', ref('e')), asset('b', 6, 'https://s/b.png', ref('f')), asset('a', 30, 'https://s/after.png', ref('a'))];
    expect(catchUp(pending, [], new Map(), written)).toEqual([
      {
        tab: 'a',
        batches: [{ seq: 1, events: [meta(20), snapshot(21), capture(22, 'https://s/late.png', ref('d'))] }],
        assets: [asset('a', 5, 'https://s/font.woff2', ref('e')), asset('a', 12, 'https://s/logo.png', ref('c'))],
      },
    ]);
  });

  it('leaves out tabs with nothing to draw from, also when a segment could not be read', () => {
    const pending = new Map([
      ['a', [{ seq: 0, events: [input(1)] }]],
      ['b', [{ seq: 0, events: [input(2)] }]],
    ]);
    expect(catchUp(pending, [segment(0, 'b')], new Map())).toEqual([]);
  });
});
