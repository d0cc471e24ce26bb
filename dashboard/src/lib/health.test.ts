import { describe, expect, it } from 'vitest';
import { emptyHealthCounts } from '../../../wire/health.ts';
import { formatLag, rejectedPercent, rejections, windowLabel } from './health.ts';

describe('health page figures', () => {
  const counts = { ...emptyHealthCounts(), batchesAccepted: 97, batchesRejected: { invalid_batch: 1, rate_limited: 2 } };

  it('lists refusals by code, most frequent first, with their share of all requests', () => {
    expect(rejections(counts)).toEqual({ total: 3, byCode: [{ code: 'rate_limited', count: 2 }, { code: 'invalid_batch', count: 1 }] });
    expect(rejectedPercent(counts)).toBe('3.0%');
    expect(rejectedPercent(emptyHealthCounts())).toBeNull();
  });

  it('reads lags and windows as people say them', () => {
    expect([null, 420, 2_500, 90_000].map(formatLag)).toEqual(['—', '420 ms', '2.5 s', '1.5 min']);
    expect([1, 6, 24, 168].map(windowLabel)).toEqual(['1 hour', '6 hours', '1 day', '7 days']);
  });
});
