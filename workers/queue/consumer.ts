import { isSessionEndedMessage, type SessionEndedMessage } from './messages.ts';

/**
 * Session counts for Analytics Engine. One data point per ended session, indexed by project;
 * queries count with sum(_sample_interval). Malformed messages are acknowledged and logged:
 * retrying them could never succeed.
 */
export async function consumeSessionEvents(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    if (isSessionEndedMessage(message.body)) {
      env.ANALYTICS.writeDataPoint(toDataPoint(message.body));
    } else {
      console.warn('dropping malformed queue message', message.id);
    }
    message.ack();
  }
}

export function toDataPoint(m: SessionEndedMessage): AnalyticsEngineDataPoint {
  const day = new Date(m.startedAt).toISOString().slice(0, 10);
  return {
    indexes: [m.projectId],
    blobs: [m.projectId, day, m.browser ?? '', m.os ?? '', m.country ?? '', m.sessionId],
    doubles: [m.durationMs, m.eventCount, m.clickCount, m.pageCount, m.errorCount ?? 0, m.rageClickCount ?? 0],
  };
}
