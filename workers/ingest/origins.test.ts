import { describe, expect, it } from 'vitest';
import { parsePattern } from '../../wire/projects.ts';
import { isOriginAllowed } from './origins.ts';

describe('isOriginAllowed', () => {
  const list = ['https://shop.example.com', 'https://*.example.org', 'http://localhost:5173'];

  it('allows every origin when the list is empty', () => {
    expect(isOriginAllowed('https://anything.test', [])).toBe(true);
    expect(isOriginAllowed(null, [])).toBe(true);
  });

  it.each([
    ['https://shop.example.com', true],
    ['https://SHOP.example.com', true],
    ['http://shop.example.com', false],
    ['https://evil-shop.example.com', false],
    ['https://shop.example.com.evil.test', false],
    ['https://a.example.org', true],
    ['https://a.b.example.org', true],
    ['https://example.org', false],
    ['https://notexample.org', false],
    ['http://localhost:5173', true],
    ['http://localhost:5174', false],
    ['null', false],
  ])('%s → %s', (origin, allowed) => {
    expect(isOriginAllowed(origin, list)).toBe(allowed);
  });

  it('refuses a request without an Origin once a list is set', () => {
    expect(isOriginAllowed(null, list)).toBe(false);
  });
});

describe('parsePattern', () => {
  it('accepts origins and subdomain wildcards only', () => {
    expect(parsePattern('https://*.example.com')).toEqual({ scheme: 'https:', host: 'example.com', wildcard: true });
    for (const bad of ['example.com', 'https://example.com/path', 'ftp://example.com', 'https://*', 'https://a.*.com', '*']) {
      expect(parsePattern(bad), bad).toBeNull();
    }
  });
});
