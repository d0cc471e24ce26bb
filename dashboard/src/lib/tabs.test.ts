import { describe, expect, it } from 'vitest';
import type { SegmentInfo } from '../../../wire/index.ts';
import { pickTab, startOffset, tabsOf } from './tabs.ts';

const segment = (index: number, tab: string, startTime: number, endTime: number): SegmentInfo => ({
  index,
  tab,
  startTime,
  endTime,
  eventCount: 10,
  bytes: 100,
});

describe('tabsOf', () => {
  it('groups segments by tab, keeps index order within a tab and orders tabs by start', () => {
    const tabs = tabsOf([segment(2, 'b', 1_500, 1_900), segment(0, 'a', 2_000, 3_000), segment(1, 'b', 1_000, 1_400), segment(3, 'a', 3_000, 4_000)]);
    expect(tabs.map((t) => t.tab)).toEqual(['b', 'a']);
    expect(tabs[0]).toMatchObject({ startTime: 1_000, endTime: 1_900 });
    expect(tabs[0].segments.map((s) => s.index)).toEqual([1, 2]);
    expect(tabs[1].segments.map((s) => s.index)).toEqual([0, 3]);
  });

  it('gives no tabs for no segments', () => {
    expect(tabsOf([])).toEqual([]);
  });
});

describe('pickTab', () => {
  const tabs = tabsOf([segment(0, 'a', 1, 2), segment(1, 'b', 3, 4)]);

  it('finds the tab a link names and falls back to the first', () => {
    expect(pickTab(tabs, 'b')?.tab).toBe('b');
    expect(pickTab(tabs, null)?.tab).toBe('a');
    expect(pickTab(tabs, 'gone')?.tab).toBe('a');
    expect(pickTab([], 'a')).toBeNull();
  });
});

describe('startOffset', () => {
  it('prefers an offset, converts a wall-clock moment and clamps moments before the replay', () => {
    expect(startOffset({ t: 250, at: 9_999 }, 1_000)).toBe(250);
    expect(startOffset({ t: null, at: 1_750 }, 1_000)).toBe(750);
    expect(startOffset({ t: null, at: 500 }, 1_000)).toBe(0);
    expect(startOffset({ t: null, at: null }, 1_000)).toBeNull();
  });
});
