import { Hono } from 'hono';
import type { StatsResponse } from '../../wire/index.ts';
import { logEvent } from '../log.ts';
import { analyticsEngineCredentials, statsFromAnalyticsEngine } from './analytics-engine.ts';
import { statsResponse } from './counts.ts';
import { statsFromD1 } from './d1.ts';
import { parseStatsQuery } from './query.ts';
import type { AuthVariables } from '../auth/middleware.ts';
import { mayReadProject } from '../api/guards.ts';

/** Settings read here; neither is in wrangler.toml's [vars] (the token is a secret). */
type StatsEnv = Env & { CF_ACCOUNT_ID?: string; CF_API_TOKEN?: string };

/**
 * GET /api/stats?project=&from=&to=: the dashboard overview's counts. From Analytics Engine when
 * it is configured; when it fails, from D1 with a notice saying why, so the overview still
 * shows numbers and the misconfiguration is visible rather than silent.
 */
export const statsRoutes = new Hono<{ Bindings: StatsEnv; Variables: AuthVariables }>().get('/', async (c) => {
  const query = parseStatsQuery({ project: c.req.query('project'), from: c.req.query('from'), to: c.req.query('to') });
  mayReadProject(c.var.principal, query.projectId);
  const credentials = analyticsEngineCredentials(c.env);
  let notice: string | null = null;
  if (credentials) {
    try {
      return c.json<StatsResponse>(statsResponse(query, 'analytics-engine', await statsFromAnalyticsEngine(credentials, query)));
    } catch (err) {
      notice = `${err instanceof Error ? err.message : String(err)}; counted from D1 instead`;
      logEvent('stats.analytics_engine_failed', { projectId: query.projectId, message: notice });
    }
  }
  return c.json<StatsResponse>(statsResponse(query, 'd1', await statsFromD1(c.env.DB, query), notice));
});
