import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, MAX_KEYS } from './constants.ts';
import { errorText, serialize } from './serialize.ts';

describe('serialize', () => {
  it('keeps top-level strings raw and quotes nested ones', () => {
    expect(serialize('hello "x"', 100)).toBe('hello "x"');
    expect(serialize(['a', 'b"c'], 100)).toBe('["a","b\\"c"]');
    expect(serialize({ k: 'v', n: 1 }, 100)).toBe('{"k":"v","n":1}');
  });

  it('names primitives that JSON cannot carry', () => {
    expect(serialize(undefined, 100)).toBe('undefined');
    expect(serialize(null, 100)).toBe('null');
    expect(serialize(NaN, 100)).toBe('NaN');
    expect(serialize(10n, 100)).toBe('10n');
    expect(serialize(Symbol('s'), 100)).toBe('Symbol(s)');
    expect(serialize(function named() {}, 100)).toBe('[Function named]');
    expect(serialize([true, undefined, Infinity], 100)).toBe('[true,undefined,Infinity]');
  });

  it('marks cycles instead of recursing, and repeats shared (acyclic) values', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    a.list = [a, { back: a }];
    expect(serialize(a, 500)).toBe('{"name":"a","self":[Circular],"list":[[Circular],{"back":[Circular]}]}');
    const shared = { x: 1 };
    expect(serialize([shared, shared], 100)).toBe('[{"x":1},{"x":1}]');
  });

  it('stops at MAX_DEPTH levels and MAX_KEYS keys', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < MAX_DEPTH + 3; i++) deep = { d: deep };
    const out = serialize(deep, 1000);
    expect(out).toBe('{"d":'.repeat(MAX_DEPTH) + '[Object]' + '}'.repeat(MAX_DEPTH));
    const wide = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]));
    const keys = serialize(wide, 10_000).match(/"k\d+"/g)!;
    expect(keys).toHaveLength(MAX_KEYS);
    expect(serialize(wide, 10_000)).toMatch(/,…}$/);
    expect(serialize(Array.from({ length: 100 }, (_, i) => i), 10_000)).toBe(`[${Array.from({ length: MAX_KEYS }, (_, i) => i).join(',')},…]`);
  });

  it('caps the output and stops walking once the budget is spent', () => {
    const huge = Array.from({ length: 10_000 }, (_, i) => ({ i, s: 'x'.repeat(1000) }));
    let reads = 0;
    const counted = new Proxy(huge, {
      get(target, key, receiver) {
        reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    const out = serialize(counted, 200);
    expect(out.length).toBeLessThanOrEqual(201);
    expect(out.endsWith('…')).toBe(true);
    expect(reads).toBeLessThan(50);
    expect(serialize('y'.repeat(5000), 100)).toBe('y'.repeat(100) + '…');
  });

  it('shows errors with their stack, DOM nodes as descriptors, built-ins by tag', () => {
    const err = new TypeError('bad thing');
    expect(serialize(err, 5000)).toBe(err.stack);
    expect(serialize({ e: err }, 5000)).toContain('TypeError: bad thing');
    const el = { nodeType: 1, nodeName: 'BUTTON', id: 'go', textContent: 'secret label' };
    expect(serialize(el, 100)).toBe('<button#go>');
    expect(serialize({ nodeType: 3, nodeName: '#text', data: 'secret' }, 100)).toBe('#text');
    expect(serialize(new Map([[1, 2]]), 100)).toBe('[object Map]');
    expect(serialize(new Date(0), 100)).toBe(String(new Date(0)));
    expect(serialize(/a+/g, 100)).toBe('/a+/g');
    expect(serialize(Object.create(null), 100)).toBe('{}');
  });

  it('never throws, even when a getter does', () => {
    const hostile = {
      get boom() {
        throw new Error('no');
      },
    };
    expect(serialize(hostile, 100)).toBe('{"boom":[Unserializable]');
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    expect(() => serialize(revoked.proxy, 100)).not.toThrow();
  });
});

describe('errorText', () => {
  it('does not repeat the head when the stack starts with it (V8) and adds it otherwise', () => {
    expect(errorText({ name: 'E', message: 'm', stack: 'E: m\n  at f' })).toBe('E: m\n  at f');
    expect(errorText({ name: 'E', message: 'm', stack: 'f@file.js:1:2' })).toBe('E: m\nf@file.js:1:2');
    expect(errorText({ name: 'E', message: 'm' })).toBe('E: m');
  });
});
