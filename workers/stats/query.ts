import { MAX_STATS_DAYS } from '../../wire/index.ts';
import { projectParam } from '../api/params.ts';
import { ApiError } from '../errors.ts';
import { DAY_MS, utcDay } from '../ingest/utc-day.ts';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A validated stats request. Every string in it matches a strict pattern, which is what lets the
 * Analytics Engine SQL (an API without bound parameters) embed them as literals.
 */
export interface StatsQuery {
  projectId: string;
  /** Inclusive UTC days, YYYY-MM-DD. */
  from: string;
  to: string;
  /** The range as epoch ms: [fromMs, toMs + one day). */
  fromMs: number;
  untilMs: number;
}

function parseDay(name: string, value: string | undefined): number {
  const match = value === undefined ? null : DATE.exec(value);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  // Date.UTC rolls 2026-02-31 over into March: a real date reads back as itself.
  if (!match || Number.isNaN(ms) || utcDay(ms) !== value) {
    throw new ApiError(400, 'bad_request', `${name} must be a date, YYYY-MM-DD`);
  }
  return ms;
}

export function parseStatsQuery(params: { project?: string; from?: string; to?: string }): StatsQuery {
  const projectId = projectParam(params.project);
  const fromMs = parseDay('from', params.from);
  const toMs = parseDay('to', params.to);
  if (toMs < fromMs) throw new ApiError(400, 'bad_request', 'to must not be before from');
  if ((toMs - fromMs) / DAY_MS + 1 > MAX_STATS_DAYS) throw new ApiError(400, 'bad_request', `at most ${MAX_STATS_DAYS} days per request`);
  return { projectId, from: params.from!, to: params.to!, fromMs, untilMs: toMs + DAY_MS };
}

/** Every UTC day of the query's range, in order. */
export function daysOf(query: StatsQuery): string[] {
  const days: string[] = [];
  for (let ms = query.fromMs; ms < query.untilMs; ms += DAY_MS) days.push(utcDay(ms));
  return days;
}
