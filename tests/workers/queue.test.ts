import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import worker from '../../workers/index.ts';
import type { SessionEndedMessage, SessionStartedMessage } from '../../workers/queue/messages.ts';

const ended = (overrides: Partial<SessionEndedMessage> = {}): SessionEndedMessage => ({
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
  entryUrl: 'https://shop.test/cart?item=7#reviews',
  ...overrides,
});

const startedFrom = ({ projectId, sessionId, startedAt, browser, os, country, entryUrl }: SessionEndedMessage): SessionStartedMessage => ({
  type: 'session.started',
  projectId,
  sessionId,
  startedAt,
  browser,
  os,
  country,
  entryUrl,
});

/** Runs the consumer on one batch of message bodies; returns its ack/retry result. */
async function deliver(bodies: Array<[id: string, body: unknown]>, attempts = 1) {
  const batch = createMessageBatch<unknown>(
    'edge-replay-session-events',
    bodies.map(([id, body]) => ({ id, timestamp: new Date(), attempts, body })),
  );
  await worker.queue(batch, env);
  return getQueueResult(batch, createExecutionContext());
}

const dataPoints = () => vi.spyOn(env.ANALYTICS, 'writeDataPoint');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('queue consumer', () => {
  it('writes session.started and session.ended messages to Analytics Engine and acknowledges every message', async () => {
    const written = dataPoints();
    const message = ended();
    const result = await deliver([
      ['m1', message],
      ['m2', { type: 'something-else' }],
      ['m3', startedFrom(message)],
      ['m4', { ...message, eventCount: 'many' }],
      ['m5', { ...startedFrom(message), entryUrl: 42 }],
    ]);
    expect(result.explicitAcks.sort()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(result.retryMessages).toEqual([]);
    expect(written.mock.calls.map(([point]) => point)).toEqual([
      {
        indexes: ['demo'],
        blobs: ['ended', 'demo', '2026-11-23', 'Chrome', 'Linux', 'DE', message.sessionId, 'https://shop.test/cart'],
        doubles: [60_000, 120, 4, 2, 3, 1],
      },
      {
        indexes: ['demo'],
        blobs: ['started', 'demo', '2026-11-23', 'Chrome', 'Linux', 'DE', message.sessionId, 'https://shop.test/cart'],
        doubles: [],
      },
    ]);
  });

  it('counts a redelivered message once', async () => {
    const written = dataPoints();
    const message = ended({ projectId: 'redelivery', sessionId: '019a0000-0000-7000-8000-0000000000aa' });
    for (const attempts of [1, 2]) {
      const result = await deliver([[`r${attempts}`, message], [`s${attempts}`, startedFrom(message)]], attempts);
      expect(result.explicitAcks.sort()).toEqual([`r${attempts}`, `s${attempts}`]);
    }
    expect(written.mock.calls.map(([point]) => point!.blobs![0])).toEqual(['ended', 'started']);
  });

  it('accepts messages queued before they carried the entry URL', async () => {
    const written = dataPoints();
    const { entryUrl: _, ...older } = ended({ projectId: 'older', sessionId: '019a0000-0000-7000-8000-0000000000bb' });
    const result = await deliver([['o1', older]]);
    expect(result.explicitAcks).toEqual(['o1']);
    expect(written.mock.calls[0]![0]!.blobs![7]).toBe('');
  });
});
