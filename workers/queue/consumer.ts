import { drizzle } from 'drizzle-orm/d1';
import { countedEvents } from '../db/schema.ts';
import { logEvent } from '../log.ts';
import { recordHealth } from '../health/record.ts';
import { queueSample } from '../health/samples.ts';
import { toDataPoint } from './data-point.ts';
import { isSessionMessage, type SessionMessage } from './messages.ts';

/**
 * Session counts for Analytics Engine: one data point per session start and per session end
 * (see ./data-point.ts). Queues deliver at least once and Analytics Engine cannot dedupe, so
 * each message's key is recorded in D1 first and only a first delivery writes a point.
 * Malformed messages are acknowledged and logged: retrying them could never succeed.
 */
export async function consumeSessionEvents(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  // Queue lag: how long the messages waited, one health sample per batch.
  recordHealth(env, queueSample(batch.messages.map((m) => m.timestamp), Date.now()));
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
    let points = 0;
    bodies.forEach((m, i) => {
      if (results[i]!.meta.changes > 0) {
        env.ANALYTICS.writeDataPoint(toDataPoint(m));
        points++;
      }
    });
    logEvent('queue.counted', { d1RowsWritten: results.reduce((n, r) => n + (r.meta.rows_written ?? 0), 0), points });
  }
  for (const message of valid) message.ack();
}

export const countKey = (m: SessionMessage) => `${m.type}:${m.projectId}:${m.sessionId}`;
