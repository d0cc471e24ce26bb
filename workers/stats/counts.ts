import type { StatsCount, StatsDay, StatsResponse } from '../../wire/index.ts';
import { daysOf, type StatsQuery } from './query.ts';

/** What either source returns: per-day rows for the days that had any, and the top lists. */
export interface StatsCounts {
  days: StatsDay[];
  topPages: StatsCount[];
  browsers: StatsCount[];
  countries: StatsCount[];
}

/** A count as a source delivered it (numbers may arrive as strings); a non-count is a source bug. */
export function toCount(value: unknown, what: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new Error(`${what} is not a count: ${JSON.stringify(value)}`);
  return Math.round(n);
}

/** An unknown dimension arrives as '' (Analytics Engine) or null (D1): both become null. */
export function toValue(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The response: every day of the range in order, days without sessions as zeros. */
export function statsResponse(query: StatsQuery, source: StatsResponse['source'], counts: StatsCounts, notice: string | null = null): StatsResponse {
  const byDay = new Map(counts.days.map((d) => [d.day, d]));
  return {
    projectId: query.projectId,
    from: query.from,
    to: query.to,
    source,
    notice,
    days: daysOf(query).map((day) => byDay.get(day) ?? { day, sessions: 0, errors: 0, rageClicks: 0 }),
    topPages: counts.topPages,
    browsers: counts.browsers,
    countries: counts.countries,
  };
}
