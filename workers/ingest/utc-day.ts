export const DAY_MS = 86_400_000;

/**
 * The UTC day of an instant, `YYYY-MM-DD`: quotas and stats count per UTC day (the D1 stats
 * compute the same day in SQL, date(ms / 1000, 'unixepoch')).
 */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

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
