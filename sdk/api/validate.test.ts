import { describe, expect, it } from 'vitest';
import { checkIdentify, checkProperties, checkSetProperties, checkTrack } from './validate.ts';

describe('checkIdentify', () => {
  it('takes a user id and scalar traits', () => {
    expect(checkIdentify('u-1', { plan: 'pro', seats: 3, trial: false, coupon: null })).toEqual({
      payload: { userId: 'u-1', traits: { plan: 'pro', seats: 3, trial: false, coupon: null } },
      problems: [],
    });
    expect(checkIdentify('u-1', undefined)).toEqual({ payload: { userId: 'u-1', traits: {} }, problems: [] });
  });

  it('accepts a numeric id as its decimal text', () => {
    expect(checkIdentify(42, undefined).payload).toEqual({ userId: '42', traits: {} });
    expect(checkIdentify(NaN, undefined).payload).toBeNull();
  });

  it('ignores the call for a missing, empty or too long id, or traits that are not an object', () => {
    for (const id of [undefined, null, '', '   ', {}, ['a'], 'x'.repeat(201)]) {
      const r = checkIdentify(id, {});
      expect(r.payload).toBeNull();
      expect(r.problems).toHaveLength(1);
    }
    expect(checkIdentify('x'.repeat(200), {}).payload?.userId).toHaveLength(200);
    expect(checkIdentify('u', 'plan=pro').payload).toBeNull();
    expect(checkIdentify('u', ['a']).payload).toBeNull();
  });
});

describe('checkTrack', () => {
  it('takes a name and props', () => {
    expect(checkTrack('checkout', { total: 9.5 })).toEqual({ payload: { name: 'checkout', props: { total: 9.5 } }, problems: [] });
  });

  it('ignores bad names', () => {
    expect(checkTrack(undefined, {}).payload).toBeNull();
    expect(checkTrack(7, {}).payload).toBeNull();
    expect(checkTrack('n'.repeat(201), {}).payload).toBeNull();
  });
});

describe('checkSetProperties', () => {
  it('needs at least one usable property', () => {
    expect(checkSetProperties({ tier: 'gold' })).toEqual({ payload: { props: { tier: 'gold' } }, problems: [] });
    expect(checkSetProperties(undefined).payload).toBeNull();
    expect(checkSetProperties({}).payload).toBeNull();
    expect(checkSetProperties({}).problems).toHaveLength(1);
    const onlyBad = checkSetProperties({ nested: { a: 1 } });
    expect(onlyBad.payload).toBeNull();
    expect(onlyBad.problems[0]).toMatch(/values must be/);
  });
});

describe('checkProperties', () => {
  it('drops non-scalar values and bad keys, keeping the rest', () => {
    const r = checkProperties(
      {
        ok: 'yes',
        obj: { a: 1 },
        arr: [1],
        fn: () => 1,
        undef: undefined,
        nan: NaN,
        inf: -Infinity,
        big: 1n,
        date: new Date(0),
        ['k'.repeat(201)]: 1,
        n: 0,
      },
      'props',
      true,
    );
    expect(r.props).toEqual({ ok: 'yes', n: 0 });
    expect(r.problems).toHaveLength(2);
  });

  it('keeps at most 50 properties', () => {
    const input = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, i]));
    const r = checkProperties(input, 'props', true);
    expect(Object.keys(r.props!)).toEqual(Array.from({ length: 50 }, (_, i) => `k${i}`));
    expect(r.problems).toEqual(['props: more than 50 properties; the rest were dropped']);
  });

  it('cuts long strings to 1024 characters', () => {
    const r = checkProperties({ s: 'a'.repeat(5_000) }, 'props', true);
    expect((r.props!.s as string).length).toBe(1_024);
    expect(r.problems).toHaveLength(1);
  });

  it('keeps a "__proto__" key as an ordinary property', () => {
    const input = JSON.parse('{"__proto__": "x", "a": 1}') as Record<string, unknown>;
    const r = checkProperties(input, 'props', true);
    expect(Object.getPrototypeOf(r.props)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(r.props))).toEqual(input);
  });

  it('refuses class instances and arrays as the whole input', () => {
    expect(checkProperties(new Map(), 'props', true).props).toBeNull();
    expect(checkProperties([], 'props', true).props).toBeNull();
    expect(checkProperties(Object.create(null), 'props', true).props).toEqual({});
  });
});
