import { describe, expect, it } from 'vitest';
import { countryName, formatBrowserOs, formatClock, formatDuration, formatRelative, plural, shortUrl } from './format.ts';

describe('formatClock', () => {
  it('shows minutes and seconds, adding hours when needed', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(-5)).toBe('0:00');
    expect(formatClock(65_400)).toBe('1:05');
    expect(formatClock(3_725_000)).toBe('1:02:05');
  });
});

describe('formatDuration', () => {
  it('picks a compact unit', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(42_000)).toBe('42s');
    expect(formatDuration(185_000)).toBe('3m 05s');
    expect(formatDuration(3_725_000)).toBe('1h 02m');
  });
});

describe('formatRelative', () => {
  const now = Date.UTC(2026, 0, 15, 12, 0, 0);
  it('describes recent times in words', () => {
    expect(formatRelative(now - 10_000, now)).toBe('just now');
    expect(formatRelative(now - 5 * 60_000, now)).toBe('5 minutes ago');
    expect(formatRelative(now - 3 * 3_600_000, now)).toBe('3 hours ago');
    expect(formatRelative(now - 86_400_000, now)).toBe('yesterday');
  });
});

describe('small formatters', () => {
  it('joins browser and OS, with a dash when both are unknown', () => {
    expect(formatBrowserOs('Chrome', 'macOS')).toBe('Chrome / macOS');
    expect(formatBrowserOs(null, 'Linux')).toBe('Linux');
    expect(formatBrowserOs(null, null)).toBe('—');
  });

  it('names countries and keeps unknown codes', () => {
    expect(countryName('de')).toBe('Germany');
    expect(countryName(null)).toBe('—');
    expect(countryName('not a code')).toBe('not a code');
  });

  it('shortens URLs to host and path', () => {
    expect(shortUrl('https://shop.example.com/cart?x=1#top')).toBe('shop.example.com/cart?x=1');
    expect(shortUrl('nonsense')).toBe('nonsense');
    expect(shortUrl(null)).toBe('—');
  });

  it('pluralises', () => {
    expect(plural(1, 'page')).toBe('1 page');
    expect(plural(1200, 'click')).toBe('1,200 clicks');
  });
});
