import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, MAX_FILTER_TEXT, filterQuery, isEmptyFilter, parseFilter, type SessionFilter } from './filters.ts';

const parse = (query: string) => parseFilter(new URLSearchParams(query));

describe('parseFilter', () => {
  it('gives the empty filter for no parameters and ignores unrelated ones', () => {
    expect(parse('project=demo&status=live&cursor=abc')).toEqual({ ok: true, filter: EMPTY_FILTER });
  });

  it('reads every kind of filter', () => {
    const result = parse(
      'from=1000&to=2000&user=ada&prop=plan%3Dpro&prop=beta!%3Dtrue&visited=%2Fcart&not_visited=%2Fthanks&clicked=Pay' +
        '&errors=1&error=TypeError&rage=1&dead=0&min_duration=5000&max_active=60000&browser=Chrome&os=macOS' +
        '&device=mobile&country=DE&entry=%2Flanding&referrer=google&sort=errors&range=7d',
    );
    expect(result).toEqual({
      ok: true,
      filter: {
        ...EMPTY_FILTER,
        from: 1000,
        to: 2000,
        userId: 'ada',
        properties: [
          { key: 'plan', value: 'pro', negate: false },
          { key: 'beta', value: 'true', negate: true },
        ],
        visited: '/cart',
        notVisited: '/thanks',
        clicked: 'Pay',
        hasErrors: true,
        errorMessage: 'TypeError',
        rageClicks: true,
        minDurationMs: 5000,
        maxActiveMs: 60000,
        browser: 'Chrome',
        os: 'macOS',
        device: 'mobile',
        country: 'DE',
        entryUrl: '/landing',
        referrer: 'google',
        sort: 'errors',
        range: '7d',
      },
    });
  });

  it('keeps = signs inside a property value', () => {
    expect(parse('prop=q%3Da%3Db')).toMatchObject({ filter: { properties: [{ key: 'q', value: 'a=b', negate: false }] } });
  });

  it.each([
    ['from=-1', 'from'],
    ['min_duration=1.5', 'min_duration'],
    ['to=1e9', 'to'],
    ['errors=yes', 'errors'],
    ['device=fridge', 'device'],
    ['sort=random', 'sort'],
    ['range=1y', 'range'],
    ['from=5&to=5', 'from'],
    ['min_duration=10&max_duration=5', 'min_duration'],
    ['min_active=10&max_active=5', 'min_active'],
    ['prop=novalue', 'prop'],
    ['prop=%3Dx', 'prop'],
    [`user=${'a'.repeat(MAX_FILTER_TEXT + 1)}`, 'user'],
    [Array.from({ length: 11 }, (_, i) => `prop=k${i}%3Dv`).join('&'), 'prop'],
  ])('rejects %s naming the parameter', (query, name) => {
    const result = parse(query);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(name);
  });
});

describe('filterQuery', () => {
  it('round-trips through parseFilter and leaves defaults out', () => {
    const filter: SessionFilter = {
      ...EMPTY_FILTER,
      from: 1,
      userId: 'a&b=c',
      properties: [{ key: 'k', value: 'v=1&x', negate: true }],
      clicked: '#buy > span',
      deadClicks: true,
      device: 'tablet',
      range: '30d',
      sort: 'duration',
    };
    expect(parseFilter(filterQuery(filter))).toEqual({ ok: true, filter });
    expect(filterQuery(EMPTY_FILTER).toString()).toBe('');
  });

  it('round-trips property keys that hold =, !, != or % and keys that end with !', () => {
    const properties = ['a=b', 'beta!', 'x!=y', '100%', '%3D', '!', '=', 'a!b'].flatMap((key, i) => [
      { key, value: `v${i}=!`, negate: false },
      { key, value: `w${i}`, negate: true },
    ]);
    for (const condition of properties) {
      const filter: SessionFilter = { ...EMPTY_FILTER, properties: [condition] };
      expect(parseFilter(filterQuery(filter))).toEqual({ ok: true, filter });
    }
  });

  it('writes ordinary keys as before, so old links keep their meaning', () => {
    const filter: SessionFilter = {
      ...EMPTY_FILTER,
      properties: [
        { key: 'plan', value: 'pro', negate: false },
        { key: 'beta', value: 'a=b', negate: true },
      ],
    };
    expect(filterQuery(filter).getAll('prop')).toEqual(['plan=pro', 'beta!=a=b']);
    expect(parse('prop=plan%3Dpro&prop=beta!%3Da%3Db')).toEqual({ ok: true, filter });
  });

  it('tells an empty filter apart, ignoring the sort', () => {
    expect(isEmptyFilter({ ...EMPTY_FILTER, sort: 'errors' })).toBe(true);
    expect(isEmptyFilter({ ...EMPTY_FILTER, rageClicks: true })).toBe(false);
  });
});
