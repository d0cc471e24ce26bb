import { describe, expect, it } from 'vitest';
import { endedMessage, sessionRow, startedMessage } from './row.ts';
import { EMPTY_SUMMARY, summarize } from './summary.ts';

const who = {
  projectId: 'demo',
  sessionId: '019ab000-0000-7000-8000-000000000001',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36',
  country: 'NL',
};

describe('sessionRow', () => {
  it('builds the row from the summary, with browser and OS from the user agent', () => {
    const summary = summarize([{ type: 4, timestamp: 1_000, data: { href: 'https://a/' } }, { type: 3, timestamp: 4_000, data: {} }]);
    expect(sessionRow(who, summary, { status: 'ended', bytes: 512, segmentCount: 1, fallbackStart: 0 })).toMatchObject({
      projectId: 'demo',
      id: who.sessionId,
      status: 'ended',
      startedAt: 1_000,
      endedAt: 4_000,
      durationMs: 3_000,
      eventCount: 2,
      entryUrl: 'https://a/',
      browser: 'Chrome',
      os: 'Linux',
      country: 'NL',
      bytes: 512,
      segmentCount: 1,
    });
  });

  it('carries tab count, active time, device class and referrer', () => {
    const summary = summarize(
      [
        { type: 4, timestamp: 1, data: { href: 'https://a/', width: 390 } },
        { type: 5, timestamp: 2, data: { tag: 'er.navigation', payload: { href: 'https://a/', kind: 'load', referrer: 'https://r/' } } },
        { type: 3, timestamp: 3, data: { source: 2, type: 2, id: 1 } },
      ],
      EMPTY_SUMMARY,
      'a',
    );
    const phone = { ...who, userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile/15E148 Safari/604.1' };
    expect(sessionRow(phone, summary, { status: 'ended', bytes: 1, segmentCount: 1, fallbackStart: 0 })).toMatchObject({
      tabCount: 1,
      activeMs: 5_000,
      deviceClass: 'mobile',
      referrer: 'https://r/',
    });
  });

  it('starts a session without events at the fallback time, with zero duration', () => {
    const row = sessionRow(who, EMPTY_SUMMARY, { status: 'live', bytes: 0, segmentCount: 0, fallbackStart: 7_000 });
    expect([row.startedAt, row.endedAt, row.durationMs, row.status]).toEqual([7_000, 7_000, 0, 'live']);
  });

  it('turns rows into the start and end queue messages', () => {
    const row = sessionRow(who, summarize([{ type: 4, timestamp: 10, data: { href: 'x' } }]), { status: 'ended', bytes: 1, segmentCount: 1, fallbackStart: 0 });
    expect(startedMessage(row)).toEqual({ type: 'session.started', projectId: 'demo', sessionId: who.sessionId, startedAt: 10, browser: 'Chrome', os: 'Linux', country: 'NL', entryUrl: 'x' });
    expect(endedMessage(row)).toMatchObject({ type: 'session.ended', durationMs: 0, eventCount: 1, pageCount: 1, errorCount: 0, rageClickCount: 0 });
  });
});
