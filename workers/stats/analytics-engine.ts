import { STATS_TOP_N } from '../../wire/index.ts';
import { AE_COLUMNS as C } from '../queue/data-point.ts';
import { countsFromRows, type StatsCounts } from './counts.ts';
import type { StatsQuery } from './query.ts';

/** The dataset of the ANALYTICS binding in wrangler.toml; analytics-engine.test.ts holds the two together. */
export const AE_DATASET = 'edge_replay_sessions';
/** An answer later than this counts as a failure, ms. */
const AE_TIMEOUT_MS = 10_000;

export interface AnalyticsEngineCredentials {
  accountId: string;
  apiToken: string;
}

/** Both settings, or null: then stats come from D1. */
export function analyticsEngineCredentials(env: { CF_ACCOUNT_ID?: string; CF_API_TOKEN?: string }): AnalyticsEngineCredentials | null {
  const accountId = env.CF_ACCOUNT_ID?.trim();
  const apiToken = env.CF_API_TOKEN?.trim();
  return accountId && apiToken ? { accountId, apiToken } : null;
}

export const sqlApiUrl = (accountId: string) =>
  `https://api.cloudflare.com/client/v4/accounts/${encodeURIComponent(accountId)}/analytics_engine/sql`;

/**
 * The four queries, SQL text. The API binds no parameters, so values go in as literals; the
 * query's project id and days passed strict patterns (parseStatsQuery), so they hold no quotes.
 * Sessions, browsers, countries and pages count 'started' points; errors and rage clicks
 * come from 'ended' points, which carry the session's totals.
 */
export function statsSql(query: StatsQuery): { days: string; topPages: string; browsers: string; countries: string } {
  const where = `${C.project} = '${query.projectId}' AND ${C.day} >= '${query.from}' AND ${C.day} <= '${query.to}'`;
  const top = (column: string) =>
    `SELECT ${column} AS value, SUM(_sample_interval) AS sessions FROM ${AE_DATASET} WHERE ${where} AND ${C.kind} = 'started' ` +
    `GROUP BY value ORDER BY sessions DESC, value LIMIT ${STATS_TOP_N} FORMAT JSON`;
  return {
    days:
      `SELECT ${C.day} AS day, sumIf(_sample_interval, ${C.kind} = 'started') AS sessions, ` +
      `sumIf(_sample_interval * ${C.errors}, ${C.kind} = 'ended') AS errors, ` +
      `sumIf(_sample_interval * ${C.rageClicks}, ${C.kind} = 'ended') AS rage_clicks ` +
      `FROM ${AE_DATASET} WHERE ${where} GROUP BY day ORDER BY day FORMAT JSON`,
    topPages: top(C.page),
    browsers: top(C.browser),
    countries: top(C.country),
  };
}

/** The rows of a SQL API answer in FORMAT JSON: `{ meta, data: [...rows], rows, ... }`. */
export function parseRows(body: unknown): Record<string, unknown>[] {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data) || !data.every((row) => typeof row === 'object' && row !== null)) {
    throw new Error('Analytics Engine answered without a data array');
  }
  return data as Record<string, unknown>[];
}

export async function runSql(credentials: AnalyticsEngineCredentials, sql: string): Promise<Record<string, unknown>[]> {
  const res = await fetch(sqlApiUrl(credentials.accountId), {
    method: 'POST',
    headers: { authorization: `Bearer ${credentials.apiToken}`, 'content-type': 'text/plain' },
    body: sql,
    signal: AbortSignal.timeout(AE_TIMEOUT_MS),
  });
  if (!res.ok) {
    const detail = (await res.text().catch(() => '')).slice(0, 200);
    throw new Error(`Analytics Engine answered HTTP ${res.status}${detail ? `: ${detail}` : ''}`);
  }
  return parseRows(await res.json().catch(() => null));
}

/** Counts from the Analytics Engine SQL API: four queries in parallel. Throws on any failure. */
export async function statsFromAnalyticsEngine(credentials: AnalyticsEngineCredentials, query: StatsQuery): Promise<StatsCounts> {
  const sql = statsSql(query);
  const [days, topPages, browsers, countries] = await Promise.all(
    [sql.days, sql.topPages, sql.browsers, sql.countries].map((text) => runSql(credentials, text)),
  );
  return countsFromRows({ days: days!, topPages: topPages!, browsers: browsers!, countries: countries! });
}
