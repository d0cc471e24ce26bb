import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, MAX_SEND_ATTEMPTS, RETRY_MAX_DELAY_MS } from '../constants.ts';
import { decideAfterAttempt, parseRetryAfterMs, retryDelayMs } from './retry.ts';

const NOW = Date.UTC(2026, 3, 1, 10, 0, 0);
const noJitter = () => 0;
const fullJitter = () => 0.999999;

describe('retryDelayMs', () => {
  it('doubles from 1 s and caps at 30 s', () => {
    const schedule = [1, 2, 3, 4, 5, 6, 7, 8, 20, 1000].map((n) => retryDelayMs(n, noJitter));
    expect(schedule).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000, 30_000]);
    expect(RETRY_MAX_DELAY_MS).toBe(30_000);
  });

  it('shortens by at most 25 % at random, never exceeding the cap', () => {
    expect(retryDelayMs(1, fullJitter)).toBe(750);
    expect(retryDelayMs(3, () => 0.5)).toBe(3_500);
    expect(retryDelayMs(9, fullJitter)).toBe(22_500);
    for (let attempts = 1; attempts <= 12; attempts++) {
      const base = Math.min(30_000, 1_000 * 2 ** (attempts - 1));
      for (let i = 0; i < 200; i++) {
        const d = retryDelayMs(attempts, Math.random);
        expect(d).toBeGreaterThanOrEqual(base * 0.75);
        expect(d).toBeLessThanOrEqual(base);
      }
    }
  });

  it('tolerates a broken random source', () => {
    expect(retryDelayMs(1, () => 7)).toBe(750);
    expect(retryDelayMs(1, () => -3)).toBe(1_000);
  });
});

describe('parseRetryAfterMs', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfterMs('120', NOW)).toBe(120_000);
    expect(parseRetryAfterMs(' 0 ', NOW)).toBe(0);
  });

  it('reads an HTTP-date relative to now', () => {
    expect(parseRetryAfterMs(new Date(NOW + 45_000).toUTCString(), NOW)).toBe(45_000);
    expect(parseRetryAfterMs(new Date(NOW - 45_000).toUTCString(), NOW)).toBe(0);
  });

  it('caps long waits and ignores garbage', () => {
    expect(parseRetryAfterMs('86400', NOW)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfterMs(null, NOW)).toBeNull();
    expect(parseRetryAfterMs('', NOW)).toBeNull();
    expect(parseRetryAfterMs('-5', NOW)).toBeNull();
    expect(parseRetryAfterMs('soon', NOW)).toBeNull();
  });
});

describe('decideAfterAttempt', () => {
  const decide = (status: number | null, attempts = 1, retryAfter: string | null = null) =>
    decideAfterAttempt({ status, retryAfter, attempts }, NOW, noJitter);

  it('is done on 2xx', () => {
    expect(decide(200)).toEqual({ kind: 'done' });
    expect(decide(204)).toEqual({ kind: 'done' });
  });

  it('retries network errors and 5xx with backoff', () => {
    expect(decide(null, 1)).toEqual({ kind: 'retry', delayMs: 1_000 });
    expect(decide(500, 2)).toEqual({ kind: 'retry', delayMs: 2_000 });
    expect(decide(503, 7)).toEqual({ kind: 'retry', delayMs: 30_000 });
    expect(decide(408, 1)).toEqual({ kind: 'retry', delayMs: 1_000 });
  });

  it('drops a batch after the last attempt', () => {
    expect(MAX_SEND_ATTEMPTS).toBe(8);
    expect(decide(502, MAX_SEND_ATTEMPTS - 1).kind).toBe('retry');
    expect(decide(502, MAX_SEND_ATTEMPTS)).toEqual({ kind: 'drop', reason: 'attempts_exhausted' });
    expect(decide(null, MAX_SEND_ATTEMPTS)).toEqual({ kind: 'drop', reason: 'attempts_exhausted' });
    expect(decide(429, MAX_SEND_ATTEMPTS, '1')).toEqual({ kind: 'drop', reason: 'attempts_exhausted' });
  });

  it('honours Retry-After on 429, else backs off', () => {
    expect(decide(429, 1, '17')).toEqual({ kind: 'retry', delayMs: 17_000 });
    expect(decide(429, 3, null)).toEqual({ kind: 'retry', delayMs: 4_000 });
    // Retry-After on a 503 is not a rate limit answer: plain backoff.
    expect(decide(503, 1, '60')).toEqual({ kind: 'retry', delayMs: 1_000 });
  });

  it('stops for good on other 4xx, drops only the batch on 413', () => {
    for (const status of [400, 401, 403, 404, 410, 422]) expect(decide(status)).toEqual({ kind: 'stop', status });
    expect(decide(413)).toEqual({ kind: 'drop', reason: 'payload_too_large' });
  });
});
