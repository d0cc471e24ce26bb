import { describe, expect, it } from 'vitest';
import { MAX_EVENTS_PER_BATCH, MAX_SEQ, isSessionId, parseUtcDay, validateBatch } from './index.ts';

const sessionId = '019ab000-0000-7000-8000-000000000001';
const good = { v: 1, sessionId, tab: 'k3x9', seq: 3, final: true, sentAt: 1_700_000_000_000, events: [{ type: 2, timestamp: 1_700_000_000_000, data: {} }] };

describe('validateBatch', () => {
  it('accepts a well-formed batch and drops unknown top-level fields', () => {
    const result = validateBatch({ ...good, extra: 'ignored' });
    expect(result).toEqual({ ok: true, value: good });
  });

  it.each([
    ['not an object', 'x', 'JSON object'],
    ['an array', [good], 'JSON object'],
    ['another version', { ...good, v: 2 }, 'wire version'],
    ['a path as session id', { ...good, sessionId: '../../x' }, 'sessionId'],
    ['an uppercase session id', { ...good, sessionId: sessionId.toUpperCase() }, 'sessionId'],
    ['a UUIDv4 session id', { ...good, sessionId: '019ab000-0000-4000-8000-000000000001' }, 'sessionId'],
    ['a missing tab', { ...good, tab: undefined }, 'tab'],
    ['a path as tab', { ...good, tab: '../a' }, 'tab'],
    ['a long tab', { ...good, tab: 'a'.repeat(17) }, 'tab'],
    ['a fractional seq', { ...good, seq: 1.5 }, 'seq'],
    ['a seq past the cap', { ...good, seq: MAX_SEQ + 1 }, 'seq'],
    ['a string final flag', { ...good, final: 'yes' }, 'final'],
    ['a missing sentAt', { ...good, sentAt: undefined }, 'sentAt'],
    ['events that are not an array', { ...good, events: {} }, 'events'],
    ['too many events', { ...good, events: Array(MAX_EVENTS_PER_BATCH + 1).fill(good.events[0]) }, 'at most'],
    ['an event without data', { ...good, events: [{ type: 2, timestamp: 1 }] }, 'events[0]'],
    ['an event with a NaN timestamp', { ...good, events: [{ type: 2, timestamp: NaN, data: {} }] }, 'events[0]'],
    ['an event with a huge type', { ...good, events: [{ type: 1e9, timestamp: 1, data: {} }] }, 'events[0]'],
  ])('rejects %s', (_name, input, message) => {
    const result = validateBatch(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(message);
  });
});

describe('isSessionId', () => {
  it('accepts lowercase UUIDv7 only', () => {
    expect(isSessionId(sessionId)).toBe(true);
    expect(isSessionId(`${sessionId}/x`)).toBe(false);
    expect(isSessionId(42)).toBe(false);
  });
});

describe('parseUtcDay', () => {
  it('reads real calendar days and refuses everything else', () => {
    expect(parseUtcDay('2026-11-23')).toBe(Date.UTC(2026, 10, 23));
    expect(parseUtcDay('2028-02-29')).toBe(Date.UTC(2028, 1, 29));
    for (const bad of ['2026-02-31', '2026-13-01', '2026-1-01', '20261123', '', null, undefined, '2026-11-23T00:00']) expect(parseUtcDay(bad)).toBeNull();
  });
});
