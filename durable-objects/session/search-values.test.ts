import { describe, expect, it } from 'vitest';
import { addClick, addError, addUrl, EMPTY_SEARCH_VALUES, MAX_SEARCH_CLICKS, MAX_SEARCH_ERRORS, MAX_SEARCH_URLS, searchUrl, type SearchValues } from './search-values.ts';

const fresh = (): SearchValues => structuredClone(EMPTY_SEARCH_VALUES);

describe('searchUrl', () => {
  it('drops query and fragment, keeps hash-router routes', () => {
    expect(searchUrl('https://Shop.Test/cart?id=42&utm_source=x#top')).toBe('https://shop.test/cart');
    expect(searchUrl('https://shop.test/app#/orders/7')).toBe('https://shop.test/app#/orders/7');
    expect(searchUrl('https://shop.test/app#!/orders')).toBe('https://shop.test/app#!/orders');
  });
  it('keeps text that is not a URL, capped', () => {
    expect(searchUrl('not a url')).toBe('not a url');
    expect(searchUrl('x'.repeat(1_000))).toHaveLength(512);
  });
});

describe('search values', () => {
  it('keeps the first distinct values with their first time, up to the caps', () => {
    const v = fresh();
    for (let i = 0; i < 30; i++) addUrl(v, `https://a.test/${i % 25}?q=${i}`, i);
    expect(v.urls).toHaveLength(MAX_SEARCH_URLS);
    expect(v.urls[0]).toEqual({ url: 'https://a.test/0', at: 0 });
    for (let i = 0; i < 30; i++) addClick(v, `#b${i}`, ` text ${i} `, i);
    addClick(v, '#b0', 'text 0', 99);
    expect(v.clicks).toHaveLength(MAX_SEARCH_CLICKS);
    expect(v.clicks[0]).toEqual({ selector: '#b0', text: 'text 0', at: 0 });
    for (let i = 0; i < 30; i++) addError(v, `e${i % 12}`, i);
    expect(v.errors).toHaveLength(MAX_SEARCH_ERRORS);
  });
  it('ignores values of the wrong type and caps lengths', () => {
    const v = fresh();
    addClick(v, 42, 'x', 1);
    addClick(v, '', 'x', 1);
    addError(v, { message: 'x' }, 1);
    expect([v.clicks, v.errors]).toEqual([[], []]);
    addClick(v, 's'.repeat(500), 't'.repeat(500), 1);
    addError(v, 'm'.repeat(1_000), 1);
    expect([v.clicks[0]!.selector.length, v.clicks[0]!.text.length, v.errors[0]!.message.length]).toEqual([200, 100, 300]);
  });
});
