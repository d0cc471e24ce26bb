import { STATS_TOP_N } from '../../wire/index.ts';
import { countsFromRows, type StatsCounts } from './counts.ts';
import { MAX_PAGE_LENGTH } from './page.ts';
import type { StatsQuery } from './query.ts';

/** pageOf() in SQL: the entry URL up to its first '?' or '#', at most MAX_PAGE_LENGTH characters. */
const PAGE_SQL = `substr(entry_url, 1, min(instr(entry_url || '?', '?'), instr(entry_url || '#', '#'), ${MAX_PAGE_LENGTH + 1}) - 1)`;

// Listing both statuses lets SQLite use the (project_id, status, started_at) index for the
// time range, instead of reading every row of the project.
const RANGE = `FROM sessions WHERE project_id = ?1 AND status IN ('live', 'ended') AND started_at >= ?2 AND started_at < ?3`;

const top = (expression: string) =>
  `SELECT ${expression} AS value, count(*) AS sessions ${RANGE} GROUP BY value ORDER BY sessions DESC, value LIMIT ${STATS_TOP_N}`;

/**
 * Counts from the D1 session rows, one batch (one round trip) of four aggregate queries. Reads
 * every session row in the range, so it suits small and local deployments; Analytics Engine
 * is the path for large ones.
 */
export async function statsFromD1(db: D1Database, query: StatsQuery): Promise<StatsCounts> {
  const bind = (sql: string) => db.prepare(sql).bind(query.projectId, query.fromMs, query.untilMs);
  const [days, pages, browsers, countries] = await db.batch<Record<string, unknown>>([
    bind(
      `SELECT date(started_at / 1000, 'unixepoch') AS day, count(*) AS sessions, sum(error_count) AS errors,
        sum(rage_click_count) AS rage_clicks ${RANGE} GROUP BY day ORDER BY day`,
    ),
    bind(top(PAGE_SQL)),
    bind(top('browser')),
    bind(top('country')),
  ]);
  return countsFromRows({ days: days!.results, topPages: pages!.results, browsers: browsers!.results, countries: countries!.results });
}
