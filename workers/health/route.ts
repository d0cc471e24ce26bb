import { Hono } from 'hono';
import { DEFAULT_HEALTH_HOURS, MAX_HEALTH_HOURS, type HealthResponse } from '../../wire/health.ts';
import type { AuthVariables } from '../auth/middleware.ts';
import { ApiError } from '../errors.ts';
import { logEvent } from '../log.ts';
import { analyticsEngineCredentials, runSql } from '../stats/analytics-engine.ts';
import { readIsolateHealth } from './record.ts';
import { countsFromRows, healthSql } from './samples.ts';

type HealthEnv = Env & { CF_ACCOUNT_ID?: string; CF_API_TOKEN?: string };

/**
 * GET /api/health/stats?hours=: the deployment's health, for the admin only (it spans every
 * project). From Analytics Engine when configured, like /api/stats; otherwise, or when it fails,
 * from this isolate's own counts, labelled as such.
 */
export const healthRoutes = new Hono<{ Bindings: HealthEnv; Variables: AuthVariables }>().get('/stats', async (c) => {
  if (c.var.principal.kind !== 'admin') throw new ApiError(403, 'forbidden', "only the admin sees the deployment's health");
  const hours = hoursParam(c.req.query('hours'));
  const until = Date.now();
  const credentials = analyticsEngineCredentials(c.env);
  let notice: string | null = null;
  if (credentials) {
    try {
      const counts = countsFromRows(await runSql(credentials, healthSql(hours)));
      return c.json<HealthResponse>({ source: 'analytics-engine', since: until - hours * 3_600_000, until, notice, counts });
    } catch (err) {
      notice = `${err instanceof Error ? err.message : String(err)}; these are this Worker instance's own counts instead`;
      logEvent('health.analytics_engine_failed', { message: notice });
    }
  }
  const { since, counts } = readIsolateHealth(until);
  return c.json<HealthResponse>({ source: 'isolate', since, until, notice, counts });
});

function hoursParam(value: string | undefined): number {
  if (value === undefined) return DEFAULT_HEALTH_HOURS;
  const hours = Number(value);
  if (!/^\d+$/.test(value) || hours < 1 || hours > MAX_HEALTH_HOURS) {
    throw new ApiError(400, 'bad_request', `hours must be a whole number from 1 to ${MAX_HEALTH_HOURS}`);
  }
  return hours;
}
