import { describe, expect, it } from 'vitest';
import { percentile, round } from './stats.ts';

describe('percentile', () => {
  it('takes the nearest rank of unsorted samples', () => {
    const samples = [50, 10, 40, 20, 30, 60, 70, 80, 90, 100];
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(100);
    expect(percentile(samples, 10)).toBe(10);
    expect(percentile([7], 99)).toBe(7);
  });

  it('is NaN without samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('round', () => {
  it('keeps two decimals below 10, one below 1,000 and none above', () => {
    expect(round(3.14159)).toBe(3.14);
    expect(round(123.456)).toBe(123.5);
    expect(round(33463.7)).toBe(33464);
  });
});
