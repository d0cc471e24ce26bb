/**
 * The overview page's range and data: which UTC days to chart (a link's own, or a default), and
 * the counts from GET /api/stats. The range logic is pure and tested in Node.
 */
import { DAY_MS, MAX_STATS_DAYS, parseUtcDay, STATS_PATH, utcDay, type StatsResponse } from '../../../wire/index.ts';
import { getJson } from './api.ts';

/** Days shown when a link names none. */
const DEFAULT_DAYS = 30;

export interface DayRange {
  /** Inclusive UTC days, YYYY-MM-DD. */
  from: string;
  to: string;
}

const dayStart = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const isDay = (day: string | null): day is string => parseUtcDay(day) !== null;

/** The last `days` UTC days, today included. */
export function lastDays(days: number, now: number): DayRange {
  const to = utcDay(now);
  return { from: utcDay(dayStart(to) - (days - 1) * DAY_MS), to };
}

/**
 * The range to chart: the link's days when they name one, kept within what the API answers
 * (MAX_STATS_DAYS, `from` not after `to`); else the last DEFAULT_DAYS days.
 */
export function statsRange(from: string | null, to: string | null, now: number): DayRange {
  const end = isDay(to) ? to : utcDay(now);
  const earliest = utcDay(dayStart(end) - (MAX_STATS_DAYS - 1) * DAY_MS);
  if (!isDay(from) || from > end) return { from: utcDay(dayStart(end) - (DEFAULT_DAYS - 1) * DAY_MS), to: end };
  return { from: from < earliest ? earliest : from, to: end };
}

/** "Nov 23" for a UTC day. */
export function shortDay(day: string): string {
  return new Date(dayStart(day)).toLocaleDateString('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

export function fetchStats(projectId: string, range: DayRange, signal?: AbortSignal): Promise<StatsResponse> {
  return getJson<StatsResponse>(`${STATS_PATH}?${new URLSearchParams({ project: projectId, from: range.from, to: range.to })}`, signal);
}
