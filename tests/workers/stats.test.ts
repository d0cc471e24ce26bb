import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StatsResponse } from '../../wire/index.ts';
import { app } from '../../workers/index.ts';
import { ADMIN, createProject, get, sessionId } from './helpers.ts';

const DAY = 86_400_000;
const NOV_1 = Date.UTC(2026, 10, 1);

interface Row {
  day: number;
  errors?: number;
  rage?: number;
  entry?: string | null;
  browser?: string | null;
  country?: string | null;
  status?: 'live' | 'ended';
}

/** null stays null (unknown); undefined takes the default. */
const orDefault = <T,>(value: T | null | undefined, fallback: T) => (value === undefined ? fallback : value);

/** Real session rows, as the recorder writes them (the columns stats read, the rest plain). */
async function insertSessions(projectId: string, rows: Row[]) {
  await env.DB.batch(
    rows.map((r, i) =>
      env.DB.prepare(
        `INSERT INTO sessions (project_id, id, status, started_at, ended_at, duration_ms, event_count, page_count, click_count,
           rage_click_count, error_count, entry_url, browser, country, bytes, segment_count)
         VALUES (?, ?, ?, ?, ?, 1000, 10, 1, 1, ?, ?, ?, ?, ?, 100, 1)`,
      ).bind(projectId, sessionId(), r.status ?? 'ended', NOV_1 + r.day * DAY + i * 1000, NOV_1 + r.day * DAY + i * 1000 + 1000,
        r.rage ?? 0, r.errors ?? 0, orDefault(r.entry, 'https://shop.test/'), orDefault(r.browser, 'Chrome'), orDefault(r.country, 'DE')),
    ),
  );
}

const statsUrl = (projectId: string, from = '2026-11-01', to = '2026-11-03') => `/api/stats?project=${projectId}&from=${from}&to=${to}`;

/** The API as deployed with Analytics Engine configured. */
const withAnalyticsEngine = (path: string) =>
  app.request(`https://edge-replay.test${path}`, { headers: ADMIN }, { ...env, CF_ACCOUNT_ID: 'acct123', CF_API_TOKEN: 'secret-token' });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('GET /api/stats from D1', () => {
  it('counts sessions, errors and rage clicks per day, and the top pages, browsers and countries', async () => {
    const project = await createProject();
    const other = await createProject();
    await insertSessions(project.id, [
      { day: 0, errors: 2, rage: 1, entry: 'https://shop.test/cart?item=1' },
      { day: 0, entry: 'https://shop.test/cart?item=2#top', browser: 'Firefox' },
      { day: 0, errors: 1, entry: 'https://shop.test/', country: 'FR', status: 'live' },
      { day: 2, rage: 3, entry: null, browser: null, country: null },
      { day: -1, errors: 9 },
      { day: 3, errors: 9 },
    ]);
    await insertSessions(other.id, [{ day: 0, errors: 50 }]);

    const res = await get(statsUrl(project.id));
    expect(res.status).toBe(200);
    const stats = await res.json<StatsResponse>();
    expect(stats).toMatchObject({ projectId: project.id, from: '2026-11-01', to: '2026-11-03', source: 'd1', notice: null });
    expect(stats.days).toEqual([
      { day: '2026-11-01', sessions: 3, errors: 3, rageClicks: 1 },
      { day: '2026-11-02', sessions: 0, errors: 0, rageClicks: 0 },
      { day: '2026-11-03', sessions: 1, errors: 0, rageClicks: 3 },
    ]);
    expect(stats.topPages).toEqual([
      { value: 'https://shop.test/cart', sessions: 2 },
      { value: null, sessions: 1 },
      { value: 'https://shop.test/', sessions: 1 },
    ]);
    expect(stats.browsers).toEqual([
      { value: 'Chrome', sessions: 2 },
      { value: null, sessions: 1 },
      { value: 'Firefox', sessions: 1 },
    ]);
    expect(stats.countries).toEqual([
      { value: 'DE', sessions: 2 },
      { value: null, sessions: 1 },
      { value: 'FR', sessions: 1 },
    ]);
  });

  it('answers zeros for a range without sessions', async () => {
    const project = await createProject();
    const stats = await (await get(statsUrl(project.id, '2026-10-30', '2026-10-31'))).json<StatsResponse>();
    expect(stats.days).toEqual([
      { day: '2026-10-30', sessions: 0, errors: 0, rageClicks: 0 },
      { day: '2026-10-31', sessions: 0, errors: 0, rageClicks: 0 },
    ]);
    expect([stats.topPages, stats.browsers, stats.countries]).toEqual([[], [], []]);
  });

  it.each([
    ['/api/stats'],
    ['/api/stats?project=demo&from=2026-11-01'],
    ['/api/stats?project=Demo!&from=2026-11-01&to=2026-11-02'],
    ["/api/stats?project=demo&from=2026-11-01'--&to=2026-11-02"],
    ['/api/stats?project=demo&from=2026-11-05&to=2026-11-01'],
    ['/api/stats?project=demo&from=2026-01-01&to=2026-12-31'],
  ])('refuses %s with a 400 JSON error', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'bad_request' } });
  });
});

describe('GET /api/stats from Analytics Engine', () => {
  /** Intercepts the outbound SQL API calls (the only fake here: the real API is on the internet). */
  function interceptSqlApi(answer: (sql: string) => Response) {
    const calls: Array<{ url: string; auth: string | null; sql: string }> = [];
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const request = new Request(input, init);
      if (!request.url.startsWith('https://api.cloudflare.com/')) return realFetch(input, init);
      const sql = await request.text();
      calls.push({ url: request.url, auth: request.headers.get('authorization'), sql });
      return answer(sql);
    });
    return calls;
  }

  const json = (data: object[]) => Response.json({ meta: [], data, rows: data.length, rows_before_limit_at_least: data.length });

  it('sends one query per breakdown and reads the answers, sampled counts included', async () => {
    const calls = interceptSqlApi((sql) => {
      if (sql.includes('AS day')) return json([{ day: '2026-11-02', sessions: '40', errors: 7, rage_clicks: 2.0000000001 }]);
      if (sql.includes('blob8 AS value')) return json([{ value: 'https://shop.test/', sessions: '30' }, { value: '', sessions: '10' }]);
      if (sql.includes('blob4 AS value')) return json([{ value: 'Chrome', sessions: '40' }]);
      if (sql.includes('blob6 AS value')) return json([{ value: 'DE', sessions: '25' }, { value: 'FR', sessions: '15' }]);
      return new Response('unexpected query', { status: 400 });
    });

    const res = await withAnalyticsEngine(statsUrl('demo'));
    expect(res.status).toBe(200);
    const stats = await res.json<StatsResponse>();
    expect(stats).toMatchObject({ source: 'analytics-engine', notice: null });
    expect(stats.days).toEqual([
      { day: '2026-11-01', sessions: 0, errors: 0, rageClicks: 0 },
      { day: '2026-11-02', sessions: 40, errors: 7, rageClicks: 2 },
      { day: '2026-11-03', sessions: 0, errors: 0, rageClicks: 0 },
    ]);
    expect(stats.topPages).toEqual([{ value: 'https://shop.test/', sessions: 30 }, { value: null, sessions: 10 }]);
    expect(stats.browsers).toEqual([{ value: 'Chrome', sessions: 40 }]);
    expect(stats.countries).toEqual([{ value: 'DE', sessions: 25 }, { value: 'FR', sessions: 15 }]);

    expect(calls).toHaveLength(4);
    for (const call of calls) {
      expect(call.url).toBe('https://api.cloudflare.com/client/v4/accounts/acct123/analytics_engine/sql');
      expect(call.auth).toBe('Bearer secret-token');
      expect(call.sql).toContain("FROM edge_replay_sessions WHERE index1 = 'demo' AND blob3 >= '2026-11-01' AND blob3 <= '2026-11-03'");
    }
    const days = calls.find((c) => c.sql.includes('AS day'))!.sql;
    expect(days).toBe(
      "SELECT blob3 AS day, sumIf(_sample_interval, blob1 = 'started') AS sessions, " +
        "sumIf(_sample_interval * double5, blob1 = 'ended') AS errors, sumIf(_sample_interval * double6, blob1 = 'ended') AS rage_clicks " +
        "FROM edge_replay_sessions WHERE index1 = 'demo' AND blob3 >= '2026-11-01' AND blob3 <= '2026-11-03' GROUP BY day ORDER BY day FORMAT JSON",
    );
    expect(calls.find((c) => c.sql.includes('blob6 AS value'))!.sql).toBe(
      "SELECT blob6 AS value, SUM(_sample_interval) AS sessions FROM edge_replay_sessions WHERE index1 = 'demo' " +
        "AND blob3 >= '2026-11-01' AND blob3 <= '2026-11-03' AND blob1 = 'started' GROUP BY value ORDER BY sessions DESC, value LIMIT 10 FORMAT JSON",
    );
  });

  it('falls back to D1 with a notice when Analytics Engine fails', async () => {
    const project = await createProject();
    await insertSessions(project.id, [{ day: 1, errors: 4 }]);
    const calls = interceptSqlApi(() => new Response('Authentication error', { status: 401 }));

    const res = await withAnalyticsEngine(statsUrl(project.id));
    expect(res.status).toBe(200);
    const stats = await res.json<StatsResponse>();
    expect(calls.length).toBeGreaterThan(0);
    expect(stats.source).toBe('d1');
    expect(stats.notice).toMatch(/HTTP 401: Authentication error; counted from D1/);
    expect(stats.days[1]).toEqual({ day: '2026-11-02', sessions: 1, errors: 4, rageClicks: 0 });
  });

  it('falls back to D1 when the answer is not what the SQL API returns', async () => {
    const project = await createProject();
    interceptSqlApi(() => json([{ day: '2026-11-02', sessions: 'lots', errors: 0, rage_clicks: 0 }]));
    const stats = await (await withAnalyticsEngine(statsUrl(project.id))).json<StatsResponse>();
    expect(stats.source).toBe('d1');
    expect(stats.notice).toMatch(/not a count/);
  });
});
