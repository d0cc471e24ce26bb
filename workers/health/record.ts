import { emptyHealthCounts, type HealthCounts } from '../../wire/health.ts';
import { logEvent, type LogFields } from '../log.ts';
import { addSample, toHealthPoint, type HealthSample } from './samples.ts';

/**
 * This isolate's counts since its first sample or read: what GET /api/health/stats answers when
 * Analytics Engine cannot be queried (locally it never can). Module state lives as long as the
 * isolate; Date.now() is only read inside a request, where it tells the time.
 */
let isolate: { since: number; counts: HealthCounts } | null = null;

function isolateCounts(now: number): { since: number; counts: HealthCounts } {
  isolate ??= { since: now, counts: emptyHealthCounts() };
  return isolate;
}

/** A copy of this isolate's counts and when it started counting. */
export function readIsolateHealth(now = Date.now()): { since: number; counts: HealthCounts } {
  const { since, counts } = isolateCounts(now);
  return { since, counts: structuredClone(counts) };
}

/**
 * One sample: an Analytics Engine point unless it is an accepted batch left out of the sample
 * ($0.25 per million; the binding buffers it, so the request does not wait), the isolate's
 * counts, and a log line when something went wrong or the sample is a queue batch. `fields` add context to that line.
 */
export function recordHealth(env: { HEALTH?: AnalyticsEngineDataset }, sample: HealthSample, fields: LogFields = {}): void {
  try {
    const point = toHealthPoint(sample);
    if (point) env.HEALTH?.writeDataPoint(point);
  } catch (error) {
    // Health reporting must never fail the request it describes.
    console.error('health data point not written', error);
  }
  addSample(isolateCounts(Date.now()).counts, sample);
  if (sample.kind === 'ingest' && sample.outcome !== 'accepted') logEvent('ingest.rejected', { code: sample.outcome, doError: sample.doError, ...fields });
  if (sample.kind === 'queue') {
    const lagAvgMs = sample.messages > 0 ? Math.round(sample.lagSumMs / sample.messages) : 0;
    logEvent('queue.lag', { messages: sample.messages, lagAvgMs, lagMaxMs: sample.lagMaxMs, ...fields });
  }
  if (sample.kind === 'finalize') logEvent('session.finalize_failed', fields);
}
