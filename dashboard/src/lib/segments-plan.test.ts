import { describe, expect, it } from 'vitest';
import { evictions, inRun, prefetchTarget, runFrom, segmentAt } from './segments-plan.ts';

// Three one-minute segments with a quiet gap after the second.
const segments = [
  { startTime: 1_000, endTime: 60_000 },
  { startTime: 61_000, endTime: 100_000 },
  { startTime: 130_000, endTime: 190_000 },
];

describe('segmentAt', () => {
  it('finds the segment whose range holds the time', () => {
    expect(segmentAt(segments, 1_000)).toBe(0);
    expect(segmentAt(segments, 30_000)).toBe(0);
    expect(segmentAt(segments, 61_000)).toBe(1);
    expect(segmentAt(segments, 190_000)).toBe(2);
  });

  it('gives a time in a gap to the segment before it, and a time before all to the first', () => {
    expect(segmentAt(segments, 60_500)).toBe(0);
    expect(segmentAt(segments, 120_000)).toBe(1);
    expect(segmentAt(segments, 0)).toBe(0);
    expect(segmentAt(segments, 10_000_000)).toBe(2);
  });

  it('answers -1 for a tab without segments', () => {
    expect(segmentAt([], 5)).toBe(-1);
  });
});

describe('runFrom and inRun', () => {
  it('extends a run over the loaded segments right after its first', () => {
    const loaded = new Set([1, 2, 4]);
    expect(runFrom(1, 6, (p) => loaded.has(p))).toEqual({ first: 1, last: 2 });
    expect(runFrom(4, 6, (p) => loaded.has(p))).toEqual({ first: 4, last: 4 });
    expect(runFrom(0, 1, () => true)).toEqual({ first: 0, last: 0 });
  });

  it('says whether a position is in a run', () => {
    expect(inRun({ first: 1, last: 2 }, 2)).toBe(true);
    expect(inRun({ first: 1, last: 2 }, 3)).toBe(false);
    expect(inRun({ first: 1, last: 2 }, 0)).toBe(false);
    expect(inRun(null, 0)).toBe(false);
  });
});

describe('prefetchTarget', () => {
  it('fetches the next segment once the playhead reaches the run’s last one', () => {
    expect(prefetchTarget(5, { first: 1, last: 2 }, 2, new Set())).toBe(3);
  });

  it('waits while the playhead is earlier in the run', () => {
    expect(prefetchTarget(5, { first: 1, last: 2 }, 1, new Set())).toBeNull();
  });

  it('does not ask twice, nor past the last segment, nor without a run', () => {
    expect(prefetchTarget(5, { first: 1, last: 2 }, 2, new Set([3]))).toBeNull();
    expect(prefetchTarget(3, { first: 1, last: 2 }, 2, new Set())).toBeNull();
    expect(prefetchTarget(3, null, 0, new Set())).toBeNull();
  });
});

describe('evictions', () => {
  it('drops the least recently used beyond capacity', () => {
    expect(evictions([5, 1, 3, 2], 2, new Set())).toEqual([5, 1]);
    expect(evictions([5, 1], 2, new Set())).toEqual([]);
  });

  it('never drops the playing run, even when it alone is over capacity', () => {
    expect(evictions([5, 1, 3, 2], 2, new Set([5]))).toEqual([1, 3]);
    expect(evictions([0, 1, 2, 9], 2, new Set([0, 1, 2]))).toEqual([9]);
    expect(evictions([0, 1, 2], 2, new Set([0, 1, 2]))).toEqual([]);
  });
});
