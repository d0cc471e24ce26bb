import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, SORTS, type SessionFilter } from '../../wire/filters.ts';
import { searchQuery, type SearchCursor } from '../../workers/db/search.ts';
import { insertLiveSession, writeSession, type SessionRow, type SessionSearchRows } from '../../workers/db/sessions.ts';
import { sessionId } from './helpers.ts';

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

const CHILD_TABLES = ['session_properties', 'session_urls'];

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
      // The walk goes through one project's sessions of one status, or of one user, newest first,
      // or only through those with errors: the index meant for the filter, by its equality prefix.
      const walks = expectedWalks(filter);
      for (const [index, prefix] of walks) {
        expect(steps, context).toContainEqual(expect.stringMatching(new RegExp(`^SEARCH sessions USING (?:COVERING )?INDEX ${index} \\(project_id=\\? AND ${prefix}`)));
      }
      // Then only the page's rows, by key.
      expect(steps[0], context).toBe('SEARCH sessions USING PRIMARY KEY (id=? AND project_id=?)');
      // The page's rows are sorted again (one temp b-tree of at most a page or two); the walks need
      // none in time order, which every index is in, nor for sort=errors, through the errors index.
      const sorts = steps.filter((step) => step.startsWith('USE TEMP B-TREE FOR')).length;
      if (sort === 'time' || sort === 'errors') expect(sorts, context).toBe(1);
      // Walks on the list index alone unless a condition needs the row.
      if (readsIndexAlone(filter)) expect(steps, context).toContainEqual(expect.stringMatching(/ USING COVERING INDEX sessions_project_status_started /));
      for (const step of steps) {
        const table = /^(?:SCAN|SEARCH) (\w+)/.exec(step)?.[1];
        if (table !== 'sessions' && !CHILD_TABLES.includes(table ?? '')) continue;
        // A full scan of a table, or of a whole index, is what the filters must never do.
        expect(step, context).not.toMatch(/^SCAN /);
        if (step !== steps[0]) expect(step, context).toMatch(/^SEARCH \w+ (?:EXISTS )?USING (?:(?:COVERING )?INDEX \w+|PRIMARY KEY) \(project_id=\?/);
      }
      // Every child table the filter names is read, and only through its key or lookup index.
      for (const table of CHILD_TABLES) {
        const used = steps.some((s) => s.includes(` ${table} `));
        expect(used, `${context}\n${table}`).toBe(usesTable(filter, table));
      }
    }
  });
});

/** The sessions indexes a filter's walks must use, each with the start of its constraint in the plan. */
function expectedWalks(filter: Partial<SessionFilter>): Array<[string, string]> {
  const byCount: [string, string] = ['sessions_project_errors_count', 'status=\\? AND error_count>'];
  const withErrors = filter.hasErrors || filter.errorMessage;
  if (withErrors && filter.sort === 'errors') return [byCount];
  // A user's sessions are fewer still than those with errors.
  if (filter.userId) return [['sessions_project_user', 'user_id=\\?']];
  if (withErrors) return [['sessions_project_errors_started', 'status=\\?']];
  const list: [string, string] = ['sessions_project_status_started', 'status=\\?'];
  // sort=errors: those with errors by count, then the others newest first.
  return filter.sort === 'errors' ? [byCount, list] : [list];
}

/** Filters whose conditions the list index and the child tables' keys answer without the session row. */
function readsIndexAlone(filter: Partial<SessionFilter>): boolean {
  const rowFree = ['from', 'to', 'range', 'properties', 'visited', 'notVisited', 'clicked', 'minDurationMs', 'maxDurationMs', 'minActiveMs', 'maxActiveMs', 'sort'];
  // error_count is not in the list index: errors have indexes of their own.
  return filter.sort !== 'errors' && Object.keys(filter).every((key) => rowFree.includes(key));
}

function usesTable(filter: Partial<SessionFilter>, table: string): boolean {
  return table === 'session_properties' ? (filter.properties ?? []).length > 0 : Boolean(filter.visited || filter.notVisited);
}

describe('clicked element and error message', () => {
  it.each(SORTS)('sort=%s: checked on the session row during the index walk, no other table read', async (sort) => {
    for (const cursor of [null, { sort, value: sort === 'time' ? null : 5, startedAt: NOW, id: ID }]) {
      const filter = { clicked: 'Pay', errorMessage: 'TypeError', sort };
      const steps = await plan(filter, cursor);
      const context = steps.join('\n');
      // An error message walks only the sessions with errors.
      const [[index, prefix]] = expectedWalks(filter);
      const walk = new RegExp(`^SEARCH sessions USING (?:COVERING )?INDEX ${index} \\(project_id=\\? AND ${prefix}`);
      // Besides the walk only the page's rows by key and sorts: no child table, no other subquery, no scan.
      const other = steps.filter((step) => !walk.test(step) && !/^(?:LIST SUBQUERY \d+|CREATE BLOOM FILTER|USE TEMP B-TREE FOR ORDER BY)$/.test(step));
      expect(other, context).toEqual(['SEARCH sessions USING PRIMARY KEY (id=? AND project_id=?)']);
      expect(steps.filter((step) => walk.test(step)), context).toHaveLength(1);
    }
  });
});

describe('text that matches few sessions', () => {
  // With no date range such a walk passes over a whole project: it reads index entries, not rows.
  it.each([
    ['clicked', { clicked: 'Pay' }, 'sessions_project_status_started', ['time', 'duration', 'activity']],
    // The errors index has no duration or activity: sorting by them reads the (few) rows.
    ['error message', { errorMessage: 'TypeError' }, 'sessions_project_errors_started', ['time']],
  ] as const)('%s: the walk reads its index alone', async (_name, filter, index, sorts) => {
    for (const sort of sorts) {
      const steps = await plan({ ...filter, sort }, null);
      expect(steps, steps.join('\n')).toContainEqual(expect.stringMatching(new RegExp(`^SEARCH sessions USING COVERING INDEX ${index} \\(project_id=\\? AND status=\\?\\)$`)));
    }
  });
});

describe('partial search indexes (migrations/0015)', () => {
  // D1 bills each b-tree entry written: only sessions with a user id or with errors may pay for these.
  it('a session writes an entry only into the indexes whose filter it can match', async () => {
    const write = async (row: Partial<SessionRow>, errors: SessionSearchRows['errors'] = []) => {
      const startedAt = NOW - 60_000;
      const live: SessionRow = {
        projectId: 'costs', id: sessionId(startedAt), status: 'live', startedAt, endedAt: startedAt, durationMs: 0, eventCount: 1, pageCount: 1,
        clickCount: 0, bytes: 10, segmentCount: 0, ...row, errorCount: 0,
      };
      const atStart = await insertLiveSession(env.DB, live);
      const ended = { ...live, status: 'ended' as const, endedAt: NOW, durationMs: 60_000, errorCount: errors.length };
      const atEnd = await writeSession(env.DB, ended, {}, { urls: [], clicks: [], errors });
      return [atStart, atEnd];
    };
    // The row and its list entry, at the start and again at the end.
    expect(await write({})).toEqual([2, 2]);
    // Identified from the start: one user entry each time.
    expect(await write({ userId: 'ada' })).toEqual([3, 3]);
    // Errors are known at the end: one entry in each of the two error indexes.
    expect(await write({}, [{ message: 'TypeError', at: NOW }])).toEqual([2, 4]);
  });
});
