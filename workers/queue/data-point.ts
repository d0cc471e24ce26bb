import { utcDay } from '../../wire/stats.ts';
import { pageOf } from '../stats/page.ts';
import type { SessionMessage } from './messages.ts';

/**
 * Where each dimension and measure sits in a data point: Analytics Engine columns are positional,
 * so the writer below and the stats queries (workers/stats/analytics-engine.ts) share this map.
 * Positions are never reused: points already written keep their meaning.
 */
export const AE_COLUMNS = {
  project: 'index1',
  kind: 'blob1',
  day: 'blob3',
  browser: 'blob4',
  os: 'blob5',
  country: 'blob6',
  page: 'blob8',
  durationMs: 'double1',
  errors: 'double5',
  rageClicks: 'double6',
} as const;

/**
 * One point per session start (kind 'started': counts sessions, browsers, countries, entry
 * pages) and per session end (kind 'ended': duration, events, clicks, pages, errors, rage clicks).
 * Queries count with sum(_sample_interval), since Analytics Engine samples.
 */
export function toDataPoint(m: SessionMessage): AnalyticsEngineDataPoint {
  const kind = m.type === 'session.started' ? 'started' : 'ended';
  return {
    indexes: [m.projectId],
    blobs: [kind, m.projectId, utcDay(m.startedAt), m.browser ?? '', m.os ?? '', m.country ?? '', m.sessionId, pageOf(m.entryUrl) ?? ''],
    doubles:
      m.type === 'session.ended'
        ? [m.durationMs, m.eventCount, m.clickCount, m.pageCount, m.errorCount, m.rageClickCount]
        : [],
  };
}
