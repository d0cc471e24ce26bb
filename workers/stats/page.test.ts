import { describe, expect, it } from 'vitest';
import { MAX_PAGE_LENGTH, pageOf } from './page.ts';

describe('pageOf', () => {
  it('drops query and hash, whichever comes first', () => {
    expect(pageOf('https://shop.test/cart?id=7#top')).toBe('https://shop.test/cart');
    expect(pageOf('https://shop.test/#/route?x=1')).toBe('https://shop.test/');
    expect(pageOf('https://shop.test/a')).toBe('https://shop.test/a');
  });

  it('caps long URLs and passes unknown ones as null', () => {
    expect(pageOf(`https://shop.test/${'a'.repeat(500)}`)).toHaveLength(MAX_PAGE_LENGTH);
    expect(pageOf(null)).toBeNull();
    expect(pageOf('')).toBeNull();
  });
});
