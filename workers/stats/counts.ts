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

/** Rows as either source returns them: days as `{ day, sessions, errors, rage_clicks }`, top lists as `{ value, sessions }`. */
export interface StatsRows {
  days: Record<string, unknown>[];
  topPages: Record<string, unknown>[];
  browsers: Record<string, unknown>[];
  countries: Record<string, unknown>[];
}

/** Both sources' queries name their columns alike, so one reader serves them. */
export function countsFromRows(rows: StatsRows): StatsCounts {
  const list = (rows: Record<string, unknown>[]): StatsCount[] =>
    rows.map((r) => ({ value: toValue(r.value), sessions: toCount(r.sessions, 'sessions') }));
  return {
    days: rows.days.map((r) => ({
      day: String(r.day),
      sessions: toCount(r.sessions, 'sessions'),
      errors: toCount(r.errors, 'errors'),
      rageClicks: toCount(r.rage_clicks, 'rage clicks'),
    })),
    topPages: list(rows.topPages),
    browsers: list(rows.browsers),
    countries: list(rows.countries),
  };
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
