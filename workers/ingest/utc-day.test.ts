import { describe, expect, it } from 'vitest';
import { nextUtcMidnight, previousUtcDay, secondsUntilNextUtcDay, sinceUtcMidnight, utcDay } from './utc-day.ts';

describe('UTC days', () => {
  const lateEvening = Date.UTC(2026, 11, 31, 23, 59, 59, 500);

  it('names the day in UTC whatever the instant', () => {
    expect(utcDay(lateEvening)).toBe('2026-12-31');
    expect(utcDay(lateEvening + 500)).toBe('2027-01-01');
    expect(previousUtcDay(Date.UTC(2027, 0, 1, 3))).toBe('2026-12-31');
  });

  it('counts the wait until the next day in whole seconds, never zero', () => {
    expect(nextUtcMidnight(lateEvening)).toBe(Date.UTC(2027, 0, 1));
    expect(secondsUntilNextUtcDay(lateEvening)).toBe(1);
    expect(secondsUntilNextUtcDay(Date.UTC(2026, 5, 1, 12))).toBe(12 * 3600);
    expect(secondsUntilNextUtcDay(Date.UTC(2026, 5, 1))).toBe(24 * 3600);
  });

  it('measures time since midnight', () => {
    expect(sinceUtcMidnight(Date.UTC(2026, 5, 1, 2, 30))).toBe(2.5 * 3_600_000);
  });
});
