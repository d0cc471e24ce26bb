import { describe, expect, it } from 'vitest';
import { MAX_STATS_DAYS } from '../../wire/index.ts';
import { ApiError } from '../errors.ts';
import { daysOf, parseStatsQuery } from './query.ts';

const problem = (params: Record<string, string | undefined>) => {
  try {
    parseStatsQuery(params);
    return null;
  } catch (err) {
    return err instanceof ApiError ? `${err.status} ${err.code}: ${err.message}` : String(err);
  }
};

describe('parseStatsQuery', () => {
  it('takes a project and an inclusive range of UTC days', () => {
    const q = parseStatsQuery({ project: 'demo', from: '2026-02-27', to: '2026-03-01' });
    expect(q).toEqual({ projectId: 'demo', from: '2026-02-27', to: '2026-03-01', fromMs: Date.UTC(2026, 1, 27), untilMs: Date.UTC(2026, 2, 2) });
    expect(daysOf(q)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });

  it.each([
    [{ from: '2026-01-01', to: '2026-01-02' }, /project/],
    [{ project: "x' OR 1=1 --", from: '2026-01-01', to: '2026-01-02' }, /project/],
    [{ project: 'demo', to: '2026-01-02' }, /from/],
    [{ project: 'demo', from: '2026-1-1', to: '2026-01-02' }, /from/],
    [{ project: 'demo', from: "2026-01-01' --", to: '2026-01-02' }, /from/],
    [{ project: 'demo', from: '2026-02-30', to: '2026-03-02' }, /from/],
    [{ project: 'demo', from: '2026-01-01', to: 'tomorrow' }, /to/],
    [{ project: 'demo', from: '2026-01-02', to: '2026-01-01' }, /before/],
  ])('refuses %j with 400 bad_request', (params, message) => {
    expect(problem(params)).toMatch(/^400 bad_request/);
    expect(problem(params)).toMatch(message);
  });

  it(`allows ranges of up to ${MAX_STATS_DAYS} days`, () => {
    const from = Date.UTC(2026, 0, 1);
    const day = (n: number) => new Date(from + n * 86_400_000).toISOString().slice(0, 10);
    expect(problem({ project: 'demo', from: day(0), to: day(MAX_STATS_DAYS - 1) })).toBeNull();
    expect(problem({ project: 'demo', from: day(0), to: day(MAX_STATS_DAYS) })).toMatch(/at most/);
  });
});
