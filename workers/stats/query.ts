import { DAY_MS, MAX_STATS_DAYS, parseUtcDay, utcDay } from '../../wire/stats.ts';
import { projectParam } from '../api/params.ts';
import { ApiError } from '../errors.ts';

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
  const ms = parseUtcDay(value);
  if (ms === null) throw new ApiError(400, 'bad_request', `${name} must be a date, YYYY-MM-DD`);
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
