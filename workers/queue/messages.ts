/** Sent by the session Durable Object once a session's segments and row are written. */
export interface SessionEndedMessage {
  type: 'session.ended';
  projectId: string;
  sessionId: string;
  startedAt: number;
  durationMs: number;
  eventCount: number;
  clickCount: number;
  pageCount: number;
  errorCount: number;
  rageClickCount: number;
  browser: string | null;
  os: string | null;
  country: string | null;
}

export function isSessionEndedMessage(value: unknown): value is SessionEndedMessage {
  const m = value as Partial<SessionEndedMessage> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.type === 'session.ended' &&
    typeof m.projectId === 'string' &&
    typeof m.sessionId === 'string' &&
    Number.isFinite(m.startedAt) &&
    Number.isFinite(m.durationMs) &&
    Number.isFinite(m.eventCount)
  );
}
