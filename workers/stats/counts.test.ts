import { describe, expect, it } from 'vitest';
import { statsResponse, toCount, toValue } from './counts.ts';
import { parseStatsQuery } from './query.ts';

describe('stats counts', () => {
  it('fill days without sessions with zeros, in order', () => {
    const q = parseStatsQuery({ project: 'demo', from: '2026-11-01', to: '2026-11-03' });
    const res = statsResponse(q, 'd1', { days: [{ day: '2026-11-02', sessions: 4, errors: 1, rageClicks: 2 }], topPages: [], browsers: [], countries: [] });
    expect(res.days).toEqual([
      { day: '2026-11-01', sessions: 0, errors: 0, rageClicks: 0 },
      { day: '2026-11-02', sessions: 4, errors: 1, rageClicks: 2 },
      { day: '2026-11-03', sessions: 0, errors: 0, rageClicks: 0 },
    ]);
    expect(res).toMatchObject({ projectId: 'demo', source: 'd1', notice: null });
  });

  it('read counts given as numbers or strings, and refuse anything else', () => {
    expect(toCount('12', 'x')).toBe(12);
    expect(toCount(2.0000001, 'x')).toBe(2);
    for (const bad of [null, undefined, '', 'NaN', -1, {}]) expect(() => toCount(bad, 'x')).toThrow(/not a count/);
    expect(toValue('')).toBeNull();
    expect(toValue(null)).toBeNull();
    expect(toValue('DE')).toBe('DE');
  });
});
