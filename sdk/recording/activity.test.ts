import { describe, expect, it } from 'vitest';
import { isUserActivity } from './activity.ts';

const inc = (source: number) => ({ type: 3, timestamp: 1, data: { source } });

describe('isUserActivity', () => {
  it('counts visitor-driven incremental events', () => {
    for (const source of [1, 2, 3, 4, 5, 6, 7, 12, 14]) expect(isUserActivity(inc(source))).toBe(true);
  });

  it('ignores page-driven changes and non-incremental events', () => {
    for (const source of [0, 8, 9, 10, 11, 13, 15]) expect(isUserActivity(inc(source))).toBe(false);
    expect(isUserActivity({ type: 2, timestamp: 1, data: { source: 2 } })).toBe(false);
    expect(isUserActivity({ type: 3, timestamp: 1, data: null })).toBe(false);
  });
});
