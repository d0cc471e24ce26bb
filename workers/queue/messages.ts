/** Sent by the session Durable Object when a session's first batch arrives. */
export interface SessionStartedMessage {
  type: 'session.started';
  projectId: string;
  sessionId: string;
  startedAt: number;
  browser: string | null;
  os: string | null;
  country: string | null;
  /** Optional: messages queued before it existed lack it. */
  entryUrl?: string | null;
}

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
  /** Optional: messages queued before it existed lack it. */
  entryUrl?: string | null;
}

export type SessionMessage = SessionStartedMessage | SessionEndedMessage;

export function isSessionMessage(value: unknown): value is SessionMessage {
  const m = value as Partial<SessionEndedMessage> | Partial<SessionStartedMessage> | null;
  if (typeof m !== 'object' || m === null) return false;
  if (typeof m.projectId !== 'string' || typeof m.sessionId !== 'string' || !Number.isFinite(m.startedAt)) return false;
  if (m.entryUrl !== undefined && m.entryUrl !== null && typeof m.entryUrl !== 'string') return false;
  if (m.type === 'session.started') return true;
  if (m.type !== 'session.ended') return false;
  const e = m as Partial<SessionEndedMessage>;
  return [e.durationMs, e.eventCount, e.clickCount, e.pageCount, e.errorCount, e.rageClickCount].every(Number.isFinite);
}
