import type { SessionRow } from '../../workers/db/sessions.ts';
import { parseUserAgent } from '../../workers/ingest/user-agent.ts';
import type { SessionEndedMessage, SessionStartedMessage } from '../../workers/queue/messages.ts';
import { deviceClass } from './device.ts';
import type { SessionSummary } from './summary.ts';

/** Who the session is, as the Worker saw its first batch. */
export interface SessionIdentity {
  projectId: string;
  sessionId: string;
  userAgent: string | null;
  country: string | null;
}

/** The D1 row for a session: live while it records, ended once its segments are written. */
export function sessionRow(
  who: SessionIdentity,
  summary: SessionSummary,
  written: { status: 'live' | 'ended'; bytes: number; segmentCount: number; fallbackStart: number },
): SessionRow {
  const startedAt = summary.startedAt ?? written.fallbackStart;
  const endedAt = summary.endedAt ?? startedAt;
  return {
    projectId: who.projectId,
    id: who.sessionId,
    status: written.status,
    startedAt,
    endedAt,
    durationMs: endedAt - startedAt,
    eventCount: summary.eventCount,
    pageCount: summary.pageCount,
    clickCount: summary.clickCount,
    rageClickCount: summary.rageClickCount,
    deadClickCount: summary.deadClickCount,
    errorCount: summary.errorCount,
    consoleErrorCount: summary.consoleErrorCount,
    userId: summary.user?.value ?? null,
    entryUrl: summary.entry?.value ?? null,
    exitUrl: summary.exit?.value ?? null,
    userAgent: who.userAgent,
    ...parseUserAgent(who.userAgent),
    country: who.country,
    bytes: written.bytes,
    segmentCount: written.segmentCount,
    tabCount: Math.max(1, Object.keys(summary.tabs).length),
    activeMs: summary.activeMs,
    deviceClass: deviceClass(who.userAgent, summary.viewport?.value ?? null),
    referrer: summary.referrer?.value ?? null,
  };
}

export function startedMessage(row: SessionRow): SessionStartedMessage {
  return {
    type: 'session.started',
    projectId: row.projectId,
    sessionId: row.id,
    startedAt: row.startedAt,
    browser: row.browser ?? null,
    os: row.os ?? null,
    country: row.country ?? null,
    entryUrl: row.entryUrl ?? null,
  };
}

export function endedMessage(row: SessionRow): SessionEndedMessage {
  return {
    type: 'session.ended',
    projectId: row.projectId,
    sessionId: row.id,
    startedAt: row.startedAt,
    durationMs: row.durationMs,
    eventCount: row.eventCount,
    clickCount: row.clickCount,
    pageCount: row.pageCount,
    errorCount: row.errorCount ?? 0,
    rageClickCount: row.rageClickCount ?? 0,
    browser: row.browser ?? null,
    os: row.os ?? null,
    country: row.country ?? null,
    entryUrl: row.entryUrl ?? null,
  };
}
