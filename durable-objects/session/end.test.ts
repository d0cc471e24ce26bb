import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, readConfig } from './config.ts';
import { finalAt, sessionEndsAt } from './end.ts';

const config = { ...DEFAULT_CONFIG, idleTimeoutMs: 30 * 60_000, finalGraceMs: 10_000 };

describe('sessionEndsAt', () => {
  it('ends after the idle timeout without a final batch', () => {
    expect(sessionEndsAt({ sessionStartedAt: 0, lastReceivedAt: 1_000, finalAt: null }, config)).toBe(1_000 + 30 * 60_000);
  });

  it('ends a grace period after the final batch', () => {
    expect(sessionEndsAt({ sessionStartedAt: 0, lastReceivedAt: 5_000, finalAt: 5_000 }, config)).toBe(15_000);
  });

  it('is not delayed past the grace period by a late retry of an earlier batch', () => {
    expect(sessionEndsAt({ sessionStartedAt: 0, lastReceivedAt: 9_000, finalAt: 5_000 }, config)).toBe(15_000);
  });

  it('ends a session that never goes idle at the maximum length', () => {
    const started = 1_000;
    const busy = { sessionStartedAt: started, lastReceivedAt: started + config.maxSessionMs - 1, finalAt: null };
    expect(sessionEndsAt(busy, config)).toBe(started + config.maxSessionMs);
  });
});

describe('readConfig', () => {
  it('reads positive integers and falls back on anything else', () => {
    expect(readConfig({ SESSION_IDLE_TIMEOUT_MS: '3000', FINAL_GRACE_MS: '500' })).toMatchObject({ idleTimeoutMs: 3000, finalGraceMs: 500 });
    expect(readConfig({ SESSION_IDLE_TIMEOUT_MS: '-1', FINAL_GRACE_MS: 'soon' })).toMatchObject({
      idleTimeoutMs: DEFAULT_CONFIG.idleTimeoutMs,
      finalGraceMs: DEFAULT_CONFIG.finalGraceMs,
    });
    expect(readConfig({ SEGMENT_MAX_DURATION_MS: '60000' }).segmentMaxDurationMs).toBe(60_000);
    expect(readConfig({}).segmentMaxDurationMs).toBe(DEFAULT_CONFIG.segmentMaxDurationMs);
  });
});

describe('finalAt', () => {
  it('is the latest final batch once every open tab has sent one', () => {
    expect(finalAt([{ final: true, receivedAt: 5 }, { final: true, receivedAt: 9 }])).toBe(9);
  });
  it('is null while any tab is still open, or when nothing is pending', () => {
    expect(finalAt([{ final: true, receivedAt: 5 }, { final: false, receivedAt: 9 }])).toBeNull();
    expect(finalAt([])).toBeNull();
  });
});
