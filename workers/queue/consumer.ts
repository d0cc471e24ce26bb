import { drizzle } from 'drizzle-orm/d1';
import { countedEvents } from '../db/schema.ts';
import { isSessionMessage, type SessionMessage } from './messages.ts';

/**
 * Session counts for Analytics Engine: one data point per session start and per session end,
 * indexed by project; queries filter on blob1 (the kind) and count with sum(_sample_interval).
 * Queues deliver at least once and Analytics Engine cannot dedupe, so each message's key is
 * recorded in D1 first and only a first delivery writes a point. Malformed messages are
 * acknowledged and logged: retrying them could never succeed.
 */
export async function consumeSessionEvents(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const valid = batch.messages.filter((message) => {
    if (isSessionMessage(message.body)) return true;
    console.warn('dropping malformed queue message', message.id);
    message.ack();
    return false;
  });
  if (valid.length > 0) {
    const d = drizzle(env.DB);
    const bodies = valid.map((message) => message.body as SessionMessage);
    const [first, ...rest] = bodies.map((m) => d.insert(countedEvents).values({ key: countKey(m), countedAt: Date.now() }).onConflictDoNothing());
    const results = await d.batch([first!, ...rest]);
    bodies.forEach((m, i) => {
      if (results[i]!.meta.changes > 0) env.ANALYTICS.writeDataPoint(toDataPoint(m));
    });
  }
  for (const message of valid) message.ack();
}

export const countKey = (m: SessionMessage) => `${m.type}:${m.projectId}:${m.sessionId}`;

export function toDataPoint(m: SessionMessage): AnalyticsEngineDataPoint {
  const day = new Date(m.startedAt).toISOString().slice(0, 10);
  const kind = m.type === 'session.started' ? 'started' : 'ended';
  return {
    indexes: [m.projectId],
    blobs: [kind, m.projectId, day, m.browser ?? '', m.os ?? '', m.country ?? '', m.sessionId],
    doubles:
      m.type === 'session.ended'
        ? [m.durationMs, m.eventCount, m.clickCount, m.pageCount, m.errorCount, m.rageClickCount]
        : [],
  };
}
