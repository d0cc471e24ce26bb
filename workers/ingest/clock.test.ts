import { describe, expect, it } from 'vitest';
import type { IngestBatch } from '../../wire/index.ts';
import { ApiError } from '../errors.ts';
import { MAX_CLOCK_SKEW_MS, MAX_EVENT_AGE_MS, MAX_FUTURE_MS, anchorTimestamps } from './clock.ts';

const NOW = 1_800_000_000_000;
const batch = (sentAt: number, times: number[]): IngestBatch => ({
  v: 1,
  sessionId: '019ab000-0000-7000-8000-000000000001',
  tab: 'a',
  seq: 0,
  final: false,
  sentAt,
  events: times.map((timestamp) => ({ type: 3, timestamp, data: {} })),
});

describe('anchorTimestamps', () => {
  it('leaves a batch from a clock within a minute untouched (same object)', () => {
    const b = batch(NOW - 2_000, [NOW - 5_000, NOW - 3_000]);
    expect(anchorTimestamps(b, NOW)).toBe(b);
  });

  it('shifts a batch from a clock a day ahead by the measured offset, keeping the spacing', () => {
    const day = 86_400_000;
    const out = anchorTimestamps(batch(NOW + day, [NOW + day - 3_000, NOW + day - 1_000]), NOW);
    expect(out.events.map((e) => e.timestamp)).toEqual([NOW - 3_000, NOW - 1_000]);
    expect(out.sentAt).toBe(NOW);
  });

  it('shifts a clock that is behind forward the same way', () => {
    const out = anchorTimestamps(batch(NOW - 3_600_000, [NOW - 3_600_500]), NOW);
    expect(out.events[0]!.timestamp).toBe(NOW - 500);
  });

  it('clamps a far-future event the client clock cannot explain', () => {
    const out = anchorTimestamps(batch(NOW, [NOW - 1_000, NOW + 10 * 365 * 86_400_000]), NOW);
    expect(out.events.map((e) => e.timestamp)).toEqual([NOW - 1_000, NOW + MAX_FUTURE_MS]);
  });
});

describe('anchorTimestamps refuses times no client clock produces', () => {
  const codeOf = (b: IngestBatch) => {
    try {
      anchorTimestamps(b, NOW);
      return 'ok';
    } catch (err) {
      return err instanceof ApiError ? `${err.status} ${err.code}` : String(err);
    }
  };

  it('accepts clocks decades off, refuses a sentAt beyond any clock', () => {
    expect(codeOf(batch(Date.UTC(1970, 0, 2), [Date.UTC(1970, 0, 2) - 1_000]))).toBe('ok');
    expect(codeOf(batch(NOW + MAX_CLOCK_SKEW_MS + 1, [NOW]))).toBe('400 invalid_batch');
    expect(codeOf(batch(1e300, [NOW]))).toBe('400 invalid_batch');
  });

  it('refuses events recorded long before their batch was sent', () => {
    expect(codeOf(batch(NOW, [NOW - MAX_EVENT_AGE_MS]))).toBe('ok');
    expect(codeOf(batch(NOW, [NOW - MAX_EVENT_AGE_MS - 1]))).toBe('400 invalid_batch');
    expect(codeOf(batch(NOW, [NOW - 1_000, 1]))).toBe('400 invalid_batch');
  });
});
