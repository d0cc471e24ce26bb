export const DAY_MS = 86_400_000;

/**
 * The UTC day of an instant, `YYYY-MM-DD`: quotas and stats count per UTC day (the D1 stats
 * compute the same day in SQL, date(ms / 1000, 'unixepoch')).
 */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The first instant of a real calendar day written `YYYY-MM-DD`, or null (2026-02-31 is not one). */
export function parseUtcDay(day: string | null | undefined): number | null {
  const match = day ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(day) : null;
  if (!match) return null;
  // Date.UTC rolls 2026-02-31 over into March: a real date reads back as itself.
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return utcDay(ms) === day ? ms : null;
}

/** GET /api/stats?project=<id>&from=<YYYY-MM-DD>&to=<YYYY-MM-DD>: a project's counts, by UTC day. */
export const STATS_PATH = '/api/stats';
/** Longest range one stats request may cover, in days (Analytics Engine keeps three months). */
export const MAX_STATS_DAYS = 92;
/** Entries in each top list. */
export const STATS_TOP_N = 10;

export interface StatsDay {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  /** Sessions that started that day. */
  sessions: number;
  /** Errors and rage clicks in the sessions that started that day (ended ones). */
  errors: number;
  rageClicks: number;
}

export interface StatsCount {
  /** Entry page (URL without query or hash), browser name or country code; null when unknown. */
  value: string | null;
  sessions: number;
}

export interface StatsResponse {
  projectId: string;
  from: string;
  to: string;
  /** Where the counts come from: Analytics Engine when configured, else the D1 session rows. */
  source: 'analytics-engine' | 'd1';
  /** Set when Analytics Engine is configured but failed, so these counts came from D1 instead. */
  notice: string | null;
  /** Every day of the range in order, zeros included. */
  days: StatsDay[];
  /** Most frequent first, at most STATS_TOP_N each. */
  topPages: StatsCount[];
  browsers: StatsCount[];
  countries: StatsCount[];
}
