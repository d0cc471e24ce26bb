import { describe, expect, it } from 'vitest';
import { bill, PRICES } from './pricing.ts';

describe('bill', () => {
  it('prices each line per 1,000 sessions and totals them', () => {
    const result = bill([
      { line: 'requests', price: 'workerRequests', perSession: 120, basis: 'measured', how: '' },
      { line: 'rows', price: 'doRowsWritten', perSession: 240, basis: 'estimated', how: '' },
      { line: 'storage', price: 'r2GbMonths', perSession: 0.0001, basis: 'measured', how: '' },
    ]);
    // 120 × 1,000 × $0.30/M; 240 × 1,000 × $1/M; 0.1 GB-month × $0.015.
    expect(result.lines.map((l) => l.usdPer1000Sessions)).toEqual([0.036, 0.24, 0.0015]);
    expect(result.usdPer1000Sessions).toBeCloseTo(0.2775, 10);
    expect(result.measuredShare).toBeCloseTo(0.0375 / 0.2775, 10);
    expect(result.lines[0]!.unit).toBe('requests');
  });

  it('has no measured share when nothing costs anything', () => {
    expect(bill([]).measuredShare).toBe(0);
  });

  it('uses the price list in DESIGN.md', () => {
    expect(PRICES.workerRequests.usd).toBe(0.3);
    expect(PRICES.doRowsWritten.usd).toBe(1);
    expect(PRICES.r2ClassA.usd).toBe(4.5);
  });
});
