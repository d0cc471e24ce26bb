import { DAY_MS, utcDay } from '../../wire/stats.ts';

export { DAY_MS, utcDay };

/** The first instant of the UTC day after the one `ms` falls in. */
export function nextUtcMidnight(ms: number): number {
  return (Math.floor(ms / DAY_MS) + 1) * DAY_MS;
}

/** Whole seconds from `ms` until the next UTC day starts, at least 1 (a Retry-After value). */
export function secondsUntilNextUtcDay(ms: number): number {
  return Math.max(1, Math.ceil((nextUtcMidnight(ms) - ms) / 1000));
}

/** The UTC day before the one `ms` falls in. */
export function previousUtcDay(ms: number): string {
  return utcDay(ms - DAY_MS);
}

/** How long ago the current UTC day began, ms. */
export function sinceUtcMidnight(ms: number): number {
  return ms - Math.floor(ms / DAY_MS) * DAY_MS;
}
