import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import worker from '../../workers/index.ts';
import { describe, expect, it } from 'vitest';
import type { SessionEndedMessage, SessionStartedMessage } from '../../workers/queue/messages.ts';

describe('queue consumer', () => {
  it('writes session.started and session.ended messages to Analytics Engine and acknowledges every message', async () => {
    const ended: SessionEndedMessage = {
      type: 'session.ended',
      projectId: 'demo',
      sessionId: '019a0000-0000-7000-8000-000000000000',
      startedAt: Date.UTC(2026, 10, 23),
      durationMs: 60_000,
      eventCount: 120,
      clickCount: 4,
      pageCount: 2,
      errorCount: 3,
      rageClickCount: 1,
      browser: 'Chrome',
      os: 'Linux',
      country: 'DE',
    };
    const started: SessionStartedMessage = {
      type: 'session.started',
      projectId: 'demo',
      sessionId: ended.sessionId,
      startedAt: ended.startedAt,
      browser: 'Chrome',
      os: 'Linux',
      country: 'DE',
    };
    const written: AnalyticsEngineDataPoint[] = [];
    const original = env.ANALYTICS.writeDataPoint.bind(env.ANALYTICS);
    env.ANALYTICS.writeDataPoint = (point) => {
      written.push(point!);
      original(point);
    };
    const batch = createMessageBatch<unknown>('edge-replay-session-events', [
      { id: 'm1', timestamp: new Date(), attempts: 1, body: ended },
      { id: 'm2', timestamp: new Date(), attempts: 1, body: { type: 'something-else' } },
      { id: 'm3', timestamp: new Date(), attempts: 1, body: { ...started } },
      { id: 'm4', timestamp: new Date(), attempts: 1, body: { ...ended, eventCount: 'many' } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(result.retryMessages).toEqual([]);
    expect(written).toEqual([
      {
        indexes: ['demo'],
        blobs: ['ended', 'demo', '2026-11-23', 'Chrome', 'Linux', 'DE', ended.sessionId],
        doubles: [60_000, 120, 4, 2, 3, 1],
      },
      {
        indexes: ['demo'],
        blobs: ['started', 'demo', '2026-11-23', 'Chrome', 'Linux', 'DE', ended.sessionId],
        doubles: [],
      },
    ]);
  });

  it('counts a redelivered message once', async () => {
    const message: SessionEndedMessage = {
      type: 'session.ended',
      projectId: 'redelivery',
      sessionId: '019a0000-0000-7000-8000-0000000000aa',
      startedAt: Date.UTC(2026, 10, 23),
      durationMs: 1_000,
      eventCount: 10,
      clickCount: 1,
      pageCount: 1,
      errorCount: 0,
      rageClickCount: 0,
      browser: null,
      os: null,
      country: null,
    };
    const written: AnalyticsEngineDataPoint[] = [];
    const original = env.ANALYTICS.writeDataPoint.bind(env.ANALYTICS);
    env.ANALYTICS.writeDataPoint = (point) => {
      written.push(point!);
      original(point);
    };
    for (const attempts of [1, 2]) {
      const batch = createMessageBatch<unknown>('edge-replay-session-events', [
        { id: `r${attempts}`, timestamp: new Date(), attempts, body: message },
        { id: `s${attempts}`, timestamp: new Date(), attempts, body: { ...message, type: 'session.started' } },
      ]);
      await worker.queue(batch, env);
      const result = await getQueueResult(batch, createExecutionContext());
      expect(result.explicitAcks.sort()).toEqual([`r${attempts}`, `s${attempts}`]);
    }
    expect(written.map((p) => p.blobs![0])).toEqual(['ended', 'started']);
  });
});
