import { isSessionMessage, type SessionMessage } from './messages.ts';

/**
 * Session counts for Analytics Engine: one data point per session start and per session end,
 * indexed by project; queries filter on blob1 (the kind) and count with sum(_sample_interval).
 * Malformed messages are acknowledged and logged: retrying them could never succeed.
 */
export async function consumeSessionEvents(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    if (isSessionMessage(message.body)) env.ANALYTICS.writeDataPoint(toDataPoint(message.body));
    else console.warn('dropping malformed queue message', message.id);
    message.ack();
  }
}

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
