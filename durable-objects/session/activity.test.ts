import { describe, expect, it } from 'vitest';
import { ACTIVITY_WINDOW_MS, extendActivity, isUserInput } from './activity.ts';

describe('active time', () => {
  it('counts an input for the window after it, overlapping windows once', () => {
    let until = 0;
    let active = 0;
    for (const t of [1_000, 2_000, 20_000]) {
      const step = extendActivity(until, t);
      active += step.addedMs;
      until = step.activeUntil;
    }
    expect(active).toBe(1_000 + ACTIVITY_WINDOW_MS + ACTIVITY_WINDOW_MS);
  });
  it('adds nothing for an input already covered, even an out-of-order one', () => {
    expect(extendActivity(10_000, 4_000)).toEqual({ addedMs: 0, activeUntil: 10_000 });
    expect(extendActivity(10_000, 8_000)).toEqual({ addedMs: 3_000, activeUntil: 13_000 });
  });
  it('treats pointer, scroll, typing and touch as input, not DOM mutations or snapshots', () => {
    const inc = (source: number) => ({ type: 3, timestamp: 1, data: { source } });
    expect([1, 2, 3, 5, 6].map((s) => isUserInput(inc(s)))).toEqual([true, true, true, true, true]);
    expect([isUserInput(inc(0)), isUserInput(inc(4)), isUserInput({ type: 2, timestamp: 1, data: {} })]).toEqual([false, false, false]);
  });
});
