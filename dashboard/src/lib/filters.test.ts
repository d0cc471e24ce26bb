import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, MAX_FILTER_TEXT, type SessionFilter } from '../../../wire/filters.ts';
import { setsMoreFilters, dateInputValue, draftFromFilter, emptyDraft, filterFromDraft, parseDateInput } from './filters.ts';

describe('filter form', () => {
  it('gives back every filter it was loaded with', () => {
    const filter: SessionFilter = {
      ...EMPTY_FILTER,
      range: '7d',
      userId: 'ada',
      properties: [{ key: 'plan', value: 'pro', negate: false }, { key: 'beta', value: '', negate: true }],
      visited: '/cart',
      notVisited: '/thanks',
      clicked: 'Pay',
      hasErrors: true,
      errorMessage: 'TypeError',
      rageClicks: true,
      deadClicks: true,
      minDurationMs: 90_000,
      maxDurationMs: 600_000,
      minActiveMs: 30_000,
      maxActiveMs: 60_000,
      browser: 'Chrome',
      os: 'macOS',
      device: 'mobile',
      country: 'DE',
      entryUrl: '/landing',
      referrer: 'google',
    };
    expect(filterFromDraft(draftFromFilter(filter), 'errors')).toEqual({ ok: true, filter: { ...filter, sort: 'errors' } });
  });

  it('turns custom dates into whole local days, the last one included', () => {
    const draft = { ...emptyDraft(), range: 'custom' as const, fromDate: '2026-03-01', toDate: '2026-03-03' };
    const result = filterFromDraft(draft, 'time');
    expect(result).toMatchObject({ ok: true, filter: { from: new Date(2026, 2, 1).getTime(), to: new Date(2026, 2, 4).getTime(), range: null } });
    expect(draftFromFilter(result.ok ? result.filter : EMPTY_FILTER)).toMatchObject({ range: 'custom', fromDate: '2026-03-01', toDate: '2026-03-03' });
  });

  it('drops blank inputs and property rows without a key, trims text, upper-cases the country', () => {
    const draft = { ...emptyDraft(), userId: '  ', visited: ' /cart ', country: 'de', properties: [{ key: ' ', negate: false, value: 'x' }] };
    expect(filterFromDraft(draft, 'time')).toEqual({ ok: true, filter: { ...EMPTY_FILTER, visited: '/cart', country: 'DE' } });
  });

  it.each([
    [{ minDuration: 'ten' }, 'min duration'],
    [{ maxActive: '-1' }, 'max active'],
    [{ minDuration: '5', maxDuration: '1' }, 'min_duration'],
    [{ range: 'custom' as const, fromDate: '2026-02-30' }, 'from must be a date'],
    [{ range: 'custom' as const, fromDate: '2026-03-05', toDate: '2026-03-01' }, 'from must be before to'],
    [{ referrer: 'x'.repeat(MAX_FILTER_TEXT + 1) }, 'referrer is longer'],
    [{ properties: [{ key: 'plan', negate: false, value: 'x'.repeat(MAX_FILTER_TEXT) }] }, 'prop must be'],
  ])('refuses %o, saying why', (change, message) => {
    const result = filterFromDraft({ ...emptyDraft(), ...change }, 'time');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(message);
  });

  it('reads and writes local calendar days', () => {
    expect(parseDateInput('2026-12-31')).toBe(new Date(2026, 11, 31).getTime());
    expect(dateInputValue(new Date(2026, 0, 5, 23, 59).getTime())).toBe('2026-01-05');
    for (const bad of ['', '2026-1-5', '2026-13-01', 'yesterday']) expect(parseDateInput(bad)).toBeNull();
  });

  it('knows when a filter needs the bar\'s second row', () => {
    expect(setsMoreFilters({ ...EMPTY_FILTER, range: '7d', userId: 'a', visited: '/', hasErrors: true, sort: 'errors' })).toBe(false);
    expect(setsMoreFilters({ ...EMPTY_FILTER, country: 'DE' })).toBe(true);
    expect(setsMoreFilters({ ...EMPTY_FILTER, deadClicks: true })).toBe(true);
    expect(setsMoreFilters({ ...EMPTY_FILTER, maxActiveMs: 0 })).toBe(true);
    expect(setsMoreFilters({ ...EMPTY_FILTER, properties: [{ key: 'a', value: 'b', negate: true }] })).toBe(true);
  });
});
