import { describe, expect, it } from 'vitest';
import { MAX_STATS_DAYS } from '../../../wire/index.ts';
import { lastDays, shortDay, statsRange } from './overview.ts';
import { parseRoute, routeHref, type Route } from './route.ts';

const NOW = Date.parse('2026-11-23T15:00:00Z');

describe('statsRange', () => {
  it('keeps the days a link names', () => {
    expect(statsRange('2026-11-01', '2026-11-07', NOW)).toEqual({ from: '2026-11-01', to: '2026-11-07' });
    expect(statsRange('2026-11-07', '2026-11-07', NOW)).toEqual({ from: '2026-11-07', to: '2026-11-07' });
  });

  it('defaults to the last 30 days up to today, or up to the link’s last day', () => {
    expect(statsRange(null, null, NOW)).toEqual({ from: '2026-10-25', to: '2026-11-23' });
    expect(statsRange(null, '2026-03-01', NOW)).toEqual({ from: '2026-01-31', to: '2026-03-01' });
  });

  it('replaces days that are no days, and a start after the end', () => {
    expect(statsRange('2026-02-31', '2026-13-01', NOW)).toEqual({ from: '2026-10-25', to: '2026-11-23' });
    expect(statsRange('2026-11-10', '2026-11-01', NOW)).toEqual({ from: '2026-10-03', to: '2026-11-01' });
  });

  it('shortens a range longer than the API answers', () => {
    const range = statsRange('2025-01-01', '2026-11-23', NOW);
    expect(range.to).toBe('2026-11-23');
    expect((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000 + 1).toBe(MAX_STATS_DAYS);
  });
});

describe('lastDays and shortDay', () => {
  it('counts today as the last day', () => {
    expect(lastDays(7, NOW)).toEqual({ from: '2026-11-17', to: '2026-11-23' });
    expect(lastDays(1, NOW)).toEqual({ from: '2026-11-23', to: '2026-11-23' });
  });

  it('labels a UTC day briefly', () => {
    expect(shortDay('2026-11-03')).toBe('Nov 3');
  });
});

describe('the overview route', () => {
  it('keeps project and days through a URL round trip, dropping days that are not YYYY-MM-DD', () => {
    const route: Route = { name: 'overview', project: 'demo', from: '2026-11-01', to: '2026-11-07' };
    expect(routeHref(route)).toBe('#/overview?project=demo&from=2026-11-01&to=2026-11-07');
    expect(parseRoute(routeHref(route))).toEqual(route);
    expect(parseRoute('#/overview')).toEqual({ name: 'overview', project: null, from: null, to: null });
    expect(routeHref({ name: 'overview', project: null, from: null, to: null })).toBe('#/overview');
    expect(parseRoute('#/overview?project=demo&from=yesterday&to=2026-11-07')).toEqual({ name: 'overview', project: 'demo', from: null, to: '2026-11-07' });
  });
});
