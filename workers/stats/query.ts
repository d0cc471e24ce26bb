import { MAX_STATS_DAYS } from '../../wire/index.ts';
import { ApiError } from '../errors.ts';

const DAY_MS = 86_400_000;
const PROJECT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
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
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new ApiError(400, 'bad_request', `${name} must be a date, YYYY-MM-DD`);
  }
  return ms;
}

export function parseStatsQuery(params: { project?: string; from?: string; to?: string }): StatsQuery {
  if (!params.project || !PROJECT_ID.test(params.project)) throw new ApiError(400, 'bad_request', 'project must be a project id');
  const fromMs = parseDay('from', params.from);
  const toMs = parseDay('to', params.to);
  if (toMs < fromMs) throw new ApiError(400, 'bad_request', 'to must not be before from');
  if ((toMs - fromMs) / DAY_MS + 1 > MAX_STATS_DAYS) throw new ApiError(400, 'bad_request', `at most ${MAX_STATS_DAYS} days per request`);
  return { projectId: params.project, from: params.from!, to: params.to!, fromMs, untilMs: toMs + DAY_MS };
}

/** Every UTC day of the query's range, in order. */
export function daysOf(query: StatsQuery): string[] {
  const days: string[] = [];
  for (let ms = query.fromMs; ms < query.untilMs; ms += DAY_MS) days.push(new Date(ms).toISOString().slice(0, 10));
  return days;
}
