import { describe, expect, it, vi } from 'vitest';
import { createGuard } from './guard.ts';
import { createThrottle } from './throttle.ts';

describe('createThrottle', () => {
  it('allows max per key per window, then opens again in the next window', () => {
    const allow = createThrottle(3, 1000);
    expect([0, 1, 2, 3].map((t) => allow('a', t))).toEqual([true, true, true, false]);
    expect(allow('b', 5)).toBe(true);
    expect(allow('a', 999)).toBe(false);
    expect(allow('a', 1000)).toBe(true);
  });

  it('starts a new window when the clock goes backwards', () => {
    const allow = createThrottle(1, 1000);
    expect(allow('a', 5000)).toBe(true);
    expect(allow('a', 5001)).toBe(false);
    expect(allow('a', 10)).toBe(true);
  });
});

describe('createGuard', () => {
  it('passes results through, and after the first error turns off and swallows', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const guard = createGuard('test');
    const double = guard((n: number) => n * 2);
    const boom = guard(() => {
      throw new Error('internal');
    });
    expect(double(2)).toBe(4);
    expect(() => boom()).not.toThrow();
    expect(guard.off).toBe(true);
    expect(double(2)).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/^\[edge-replay\] test capture failed/);
    warn.mockRestore();
  });
});
