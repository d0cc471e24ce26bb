import { describe, expect, it } from 'vitest';
import { columnBars, countScale, shareOfLargest } from './charts.ts';

describe('countScale', () => {
  it('puts the top at a round tick at or above the largest count', () => {
    expect(countScale([3, 7, 1])).toEqual({ max: 8, ticks: [0, 2, 4, 6, 8] });
    expect(countScale([100])).toEqual({ max: 100, ticks: [0, 50, 100] });
    expect(countScale([101])).toEqual({ max: 150, ticks: [0, 50, 100, 150] });
    expect(countScale([4_321])).toEqual({ max: 6_000, ticks: [0, 2_000, 4_000, 6_000] });
  });

  it('steps by whole counts, and keeps an axis for a range without any', () => {
    expect(countScale([2])).toEqual({ max: 2, ticks: [0, 1, 2] });
    expect(countScale([0, 0])).toEqual({ max: 1, ticks: [0, 1] });
    expect(countScale([])).toEqual({ max: 1, ticks: [0, 1] });
  });
});

describe('columnBars', () => {
  it('spreads columns over the width and scales their height to the axis top', () => {
    expect(columnBars([5, 10, 0], 300, 100, 10, 0.5)).toEqual([
      { x: 25, y: 50, width: 50, height: 50 },
      { x: 125, y: 0, width: 50, height: 100 },
      { x: 225, y: 100, width: 50, height: 0 },
    ]);
  });

  it('keeps columns inside the chart whatever the values', () => {
    const [over, negative] = columnBars([20, -3], 100, 100, 10, 0);
    expect(over).toMatchObject({ y: 0, height: 100 });
    expect(negative).toMatchObject({ y: 100, height: 0 });
    expect(columnBars([], 100, 100, 10)).toEqual([]);
    expect(columnBars([1], 100, 100, 0)).toEqual([{ x: 12.5, y: 100, width: 75, height: 0 }]);
  });
});

describe('shareOfLargest', () => {
  it('gives each value as a percentage of the largest', () => {
    expect(shareOfLargest([8, 4, 2])).toEqual([100, 50, 25]);
    expect(shareOfLargest([0, 0])).toEqual([0, 0]);
  });
});
