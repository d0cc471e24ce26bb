import { describe, expect, it } from 'vitest';
import { DATE_RANGES, EMPTY_FILTER, MAX_FILTER_TEXT, MAX_PROPERTY_CONDITIONS, SORTS, type SessionFilter } from '../../wire/filters.ts';
import { MAX_BOUND_PARAMETERS, containsPattern, cursorAfter, decodeCursor, encodeCursor, searchQuery, type SearchCursor, type SearchRow } from './search.ts';

const ID = '01923f4e-7b1c-7a2d-8e3f-0123456789ab';
const NOW = 1_780_000_000_000;

const build = (filter: Partial<SessionFilter>, cursor: SearchCursor | null = null) =>
  searchQuery({ projectId: 'shop', status: 'ended', filter: { ...EMPTY_FILTER, ...filter }, cursor, limit: 50, now: NOW });

/** The SQL with runs of whitespace folded, so assertions read like the statement. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('searchQuery', () => {
  it('lists one project and status newest first, one row past the page: its ids, then their rows', () => {
    const { sql, params } = build({});
    const order = '"sessions"."started_at" desc, "sessions"."id" desc';
    expect(flat(sql)).toMatch(/^select "project_id", "id", .* from "sessions" where \("sessions"\."project_id" = \? and "sessions"\."id" in \(select "id" from "sessions" /);
    expect(flat(sql)).toContain(`where ("sessions"."project_id" = ? and "sessions"."status" = ?) order by ${order} limit ?)) order by ${order} limit ?`);
    expect(flat(sql).endsWith(`order by ${order} limit ?`)).toBe(true);
    expect(params).toEqual(['shop', 'shop', 'ended', 51, 51]);
  });

  // Each filter: a fragment of its condition and the values it binds (never inlined into the SQL).
  it.each<[string, Partial<SessionFilter>, string, Array<string | number>]>([
    ['from', { from: 1000 }, '"sessions"."started_at" >= ?', [1000]],
    ['to', { to: 2000 }, '"sessions"."started_at" < ?', [2000]],
    ['range', { range: '7d' }, '"sessions"."started_at" >= ?', [NOW - DATE_RANGES['7d']]],
    ['user', { userId: 'ada' }, '"sessions"."user_id" = ?', ['ada']],
    ['browser', { browser: 'Firefox' }, '"sessions"."browser" = ?', ['Firefox']],
    ['os', { os: 'iOS' }, '"sessions"."os" = ?', ['iOS']],
    ['device', { device: 'tablet' }, '"sessions"."device_class" = ?', ['tablet']],
    ['country', { country: 'DE' }, '"sessions"."country" = ?', ['DE']],
    // Literal, so that SQLite may use the partial indexes of sessions with errors (migrations/0015).
    ['errors', { hasErrors: true }, 'and "sessions"."error_count" > 0)', []],
    ['errors, sort=errors', { hasErrors: true, sort: 'errors' }, 'and "sessions"."error_count" >= 1)', []],
    ['rage', { rageClicks: true }, '"sessions"."rage_click_count" > ?', [0]],
    ['dead', { deadClicks: true }, '"sessions"."dead_click_count" > ?', [0]],
    ['min_duration', { minDurationMs: 5 }, '"sessions"."duration_ms" >= ?', [5]],
    ['max_duration', { maxDurationMs: 6 }, '"sessions"."duration_ms" <= ?', [6]],
    ['min_active', { minActiveMs: 7 }, '"sessions"."active_ms" >= ?', [7]],
    ['max_active', { maxActiveMs: 8 }, '"sessions"."active_ms" <= ?', [8]],
    ['entry', { entryUrl: '/landing' }, `"sessions"."entry_url" LIKE ? ESCAPE '\\'`, ['%/landing%']],
    ['referrer', { referrer: 'google' }, `"sessions"."referrer" LIKE ? ESCAPE '\\'`, ['%google%']],
    ['prop', { properties: [{ key: 'plan', value: 'pro', negate: false }] }, 'and EXISTS (SELECT 1 FROM session_properties WHERE project_id = "sessions"."project_id" AND session_id = "sessions"."id" AND key = ? AND value = ?)', ['plan', 'pro']],
    ['prop!=', { properties: [{ key: 'plan', value: 'pro', negate: true }] }, 'and NOT EXISTS (SELECT 1 FROM session_properties', ['plan', 'pro']],
    ['visited', { visited: '/cart' }, 'and "sessions"."id" IN (SELECT session_id FROM session_urls WHERE project_id = ? AND first_at >= ? AND url IN ( WITH RECURSIVE distinct_urls', ['shop', '%/cart%']],
    ['visited, from a date', { visited: '/cart', from: 1000 }, 'WHERE project_id = ? AND first_at >= ? AND url IN', ['shop', 1000, '%/cart%']],
    ['not_visited', { notVisited: '/thanks' }, 'and NOT "sessions"."id" IN (SELECT session_id FROM session_urls', ['shop', '%/thanks%']],
    ['clicked', { clicked: 'Pay' }, `and "sessions"."click_targets" LIKE ? ESCAPE '\\'`, ['%Pay%']],
    ['clicked, a newline in the text', { clicked: 'Pay\nnow' }, `"sessions"."click_targets" LIKE ?`, ['%Pay now%']],
    ['error', { errorMessage: 'TypeError' }, `and "sessions"."error_messages" LIKE ? ESCAPE '\\'`, ['%TypeError%']],
    // Only sessions with errors have messages: the walk stays on those.
    ['error, only sessions with errors', { errorMessage: 'TypeError' }, 'and "sessions"."error_count" > 0 and "sessions"."error_messages" LIKE ?', ['%TypeError%']],
  ])('%s', (_name, filter, fragment, values) => {
    const { sql, params } = build(filter);
    expect(flat(sql)).toContain(fragment);
    for (const value of values) expect(params).toContain(value);
    // Every value is bound: the count of ? matches the parameters.
    expect(sql.split('?').length - 1).toBe(params.length);
  });

  it('ANDs every condition', () => {
    const { sql } = build({ browser: 'Chrome', hasErrors: true, visited: '/cart' });
    expect(flat(sql)).toMatch(/"browser" = \? and "sessions"\."error_count" > 0 and "sessions"\."id" IN/);
  });

  it('takes the later of `from` and a relative range', () => {
    const weekAgo = NOW - DATE_RANGES['7d'];
    expect(build({ range: '7d', from: weekAgo + 1 }).params).toContain(weekAgo + 1);
    expect(build({ range: '7d', from: weekAgo - 1 }).params).toContain(weekAgo);
  });

  it('matches % _ and \\ in contains filters literally', () => {
    expect(containsPattern('50%_off\\x')).toBe('%50\\%\\_off\\\\x%');
    expect(build({ visited: '100%' }).params).toContain('%100\\%%');
  });

  it.each(SORTS)('orders sort=%s by its key, then newest first, and pages after the cursor in that order', (sort) => {
    const cursor: SearchCursor = { sort, value: sort === 'time' ? null : 42, startedAt: 1234, id: ID };
    const { sql, params } = build({ sort }, cursor);
    const key = { time: null, duration: 'duration_ms', activity: 'active_ms', errors: 'error_count' }[sort];
    if (key === null) {
      expect(flat(sql)).toContain('("sessions"."started_at", "sessions"."id") < (?, ?)');
      expect(flat(sql)).toMatch(/order by "sessions"\."started_at" desc, "sessions"\."id" desc/);
      expect(params.slice(-4)).toEqual([1234, ID, 51, 51]);
    } else {
      expect(flat(sql)).toContain(`("sessions"."${key}", "sessions"."started_at", "sessions"."id") < (?, ?, ?)`);
      expect(flat(sql)).toMatch(new RegExp(`order by "sessions"\\."${key}" desc, "sessions"\\."started_at" desc, "sessions"\\."id" desc`));
      expect(params.slice(-5)).toEqual([42, 1234, ID, 51, 51]);
    }
  });

  it('sort=errors: those with errors by count, then the others newest first, each walk a page long', () => {
    const { sql } = build({ sort: 'errors', browser: 'Edge' });
    expect(flat(sql)).toMatch(/"browser" = \?\) and "sessions"\."error_count" >= 1\) order by "sessions"\."error_count" desc, .* limit \?\) UNION ALL SELECT id FROM/);
    expect(flat(sql)).toMatch(/and "sessions"\."error_count" = 0\) order by "sessions"\."started_at" desc, "sessions"\."id" desc limit \?\)/);
    // Filtered to sessions with errors: one walk, by count.
    expect(build({ sort: 'errors', hasErrors: true }).sql).not.toContain('UNION ALL SELECT id FROM');
  });

  it('refuses a cursor made for another sort', () => {
    expect(() => build({ sort: 'duration' }, { sort: 'time', value: null, startedAt: 1, id: ID })).toThrow(/sort=time/);
  });

  it('stays within D1 bound parameters with every filter set at its limits', () => {
    const long = 'x'.repeat(MAX_FILTER_TEXT);
    const { params } = build(
      {
        from: 1, to: 2, range: '24h', userId: long, visited: long, notVisited: long, clicked: long, hasErrors: true, errorMessage: long,
        rageClicks: true, deadClicks: true, minDurationMs: 1, maxDurationMs: 2, minActiveMs: 1, maxActiveMs: 2, browser: long, os: long,
        device: 'mobile', country: long, entryUrl: long, referrer: long, sort: 'errors',
        properties: Array.from({ length: MAX_PROPERTY_CONDITIONS }, (_, i) => ({ key: `k${i}`, value: long, negate: i % 2 === 0 })),
      },
      { sort: 'errors', value: 3, startedAt: 1, id: ID },
    );
    expect(params.length).toBeLessThanOrEqual(MAX_BOUND_PARAMETERS);
  });

  it('keeps sort=errors to one walk when two would pass D1 bound parameters', () => {
    const long = 'x'.repeat(MAX_FILTER_TEXT);
    const filter: Partial<SessionFilter> = {
      from: 1, to: 2, userId: long, visited: long, notVisited: long, clicked: long, rageClicks: true, deadClicks: true, minDurationMs: 1, maxDurationMs: 2,
      minActiveMs: 1, maxActiveMs: 2, browser: long, os: long, device: 'mobile', country: long, entryUrl: long, referrer: long, sort: 'errors',
      properties: Array.from({ length: MAX_PROPERTY_CONDITIONS }, (_, i) => ({ key: `k${i}`, value: long, negate: false })),
    };
    const cursor: SearchCursor = { sort: 'errors', value: 3, startedAt: 1, id: ID };
    const { sql, params } = build(filter, cursor);
    // (The visited filters' own UNION ALL is the recursive walk of distinct URLs.)
    expect(sql).not.toContain('UNION ALL SELECT id FROM');
    expect(params.length).toBeLessThanOrEqual(MAX_BOUND_PARAMETERS);
    // Fewer conditions: two walks.
    expect(build({ ...filter, properties: [] }, cursor).sql).toContain('UNION ALL SELECT id FROM');
  });
});

describe('cursors', () => {
  const row = { duration_ms: 10, active_ms: 20, error_count: 3, started_at: 1234, id: ID } as SearchRow;

  it.each(SORTS)('round-trip the last row of a sort=%s page', (sort) => {
    const cursor = cursorAfter(sort, row);
    expect(cursor).toEqual({ sort, value: { time: null, duration: 10, activity: 20, errors: 3 }[sort], startedAt: 1234, id: ID });
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[\w-]+$/);
    expect(decodeCursor(text)).toEqual(cursor);
  });

  it.each([
    ['not base64', '%%%'],
    ['not JSON', btoa('nope')],
    ['an object', btoa('{"sort":"time"}')],
    ['an unknown sort', btoa(JSON.stringify(['random', 1, ID]))],
    ['a time cursor with a value', btoa(JSON.stringify(['time', 5, 1, ID]))],
    ['a duration cursor without one', btoa(JSON.stringify(['duration', 1, ID]))],
    ['a fractional time', btoa(JSON.stringify(['time', 1.5, ID]))],
    ['a bad id', btoa(JSON.stringify(['time', 1, 'x']))],
  ])('reject %s', (_name, text) => {
    expect(decodeCursor(text)).toBeNull();
  });
});
