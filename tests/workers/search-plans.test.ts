import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, SORTS, type SessionFilter } from '../../wire/filters.ts';
import { searchQuery, type SearchCursor } from '../../workers/db/search.ts';

const NOW = Date.now();
const ID = '01923f4e-7b1c-7a2d-8e3f-0123456789ab';

/** One filter of each kind; `all` sets every one at once. */
const FILTERS: Record<string, Partial<SessionFilter>> = {
  none: {},
  dates: { from: NOW - 86_400_000, to: NOW },
  range: { range: '7d' },
  user: { userId: 'ada' },
  property: { properties: [{ key: 'plan', value: 'pro', negate: false }] },
  'property !=': { properties: [{ key: 'plan', value: 'pro', negate: true }] },
  visited: { visited: '/cart' },
  'not visited': { notVisited: '/thanks' },
  clicked: { clicked: 'Pay' },
  errors: { hasErrors: true },
  'error message': { errorMessage: 'TypeError' },
  rage: { rageClicks: true },
  dead: { deadClicks: true },
  duration: { minDurationMs: 1_000, maxDurationMs: 60_000 },
  active: { minActiveMs: 1_000, maxActiveMs: 60_000 },
  browser: { browser: 'Chrome' },
  os: { os: 'iOS' },
  device: { device: 'mobile' },
  country: { country: 'DE' },
  entry: { entryUrl: '/landing' },
  referrer: { referrer: 'google' },
};
FILTERS.all = Object.assign({}, ...Object.values(FILTERS), {
  properties: [
    { key: 'plan', value: 'pro', negate: false },
    { key: 'beta', value: 'yes', negate: true },
  ],
});

const CHILD_TABLES = ['session_properties', 'session_urls', 'session_clicks', 'session_errors'];

async function plan(filter: Partial<SessionFilter>, cursor: SearchCursor | null): Promise<string[]> {
  const sort = cursor?.sort ?? filter.sort ?? 'time';
  const { sql, params } = searchQuery({ projectId: 'shop', status: 'ended', filter: { ...EMPTY_FILTER, ...filter, sort }, cursor, limit: 50, now: NOW });
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
  return results.map((r) => r.detail);
}

describe('search query plans on D1', () => {
  const cases = Object.keys(FILTERS).flatMap((name) => SORTS.map((sort) => [name, sort] as const));

  it.each(cases)('%s, sort=%s: sessions through their index, child tables through their keys, nothing scanned', async (name, sort) => {
    const filter = { ...FILTERS[name], sort };
    for (const cursor of [null, { sort, value: sort === 'time' ? null : 5, startedAt: NOW, id: ID }]) {
      const steps = await plan(filter, cursor);
      const context = `${name}, sort=${sort}, ${cursor ? 'next page' : 'first page'}:\n${steps.join('\n')}`;
      // The list walks one project's sessions of one status through (project_id, status, started_at).
      expect(steps, context).toContainEqual(expect.stringMatching(/^SEARCH sessions USING INDEX sessions_project_status_started \(project_id=\? AND status=\?/));
      for (const step of steps) {
        const table = /^(?:SCAN|SEARCH) (\w+)/.exec(step)?.[1];
        if (table !== 'sessions' && !CHILD_TABLES.includes(table ?? '')) continue;
        // A full scan of a table, or of a whole index, is what the filters must never do.
        expect(step, context).not.toMatch(/^SCAN /);
        expect(step, context).toMatch(/^SEARCH \w+ (?:EXISTS )?USING (?:(?:COVERING )?INDEX \w+|PRIMARY KEY) \(project_id=\?/);
      }
      // Every child table the filter names is read, and only through its key or lookup index.
      for (const table of CHILD_TABLES) {
        const used = steps.some((s) => s.includes(` ${table} `));
        expect(used, `${context}\n${table}`).toBe(usesTable(filter, table));
      }
    }
  });
});

function usesTable(filter: Partial<SessionFilter>, table: string): boolean {
  switch (table) {
    case 'session_properties':
      return (filter.properties ?? []).length > 0;
    case 'session_urls':
      return Boolean(filter.visited || filter.notVisited);
    case 'session_clicks':
      return Boolean(filter.clicked);
    default:
      return Boolean(filter.errorMessage);
  }
}
