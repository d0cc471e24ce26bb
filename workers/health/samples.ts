/**
 * The Worker's health as samples: one per ingest request, queue batch or failed finalisation.
 * Each becomes at most one Analytics Engine point (accepted batches are sampled, see
 * ACCEPTED_POINT_EVERY) and is added to the isolate's running counts; the SQL below sums the
 * points back into the same counts.
 */
import { ACCEPTED_POINT_EVERY, emptyHealthCounts, type HealthCounts } from '../../wire/health.ts';
import { errorCode } from '../errors.ts';

export type HealthSample =
  | { kind: 'ingest'; outcome: string; doError: boolean }
  | { kind: 'queue'; messages: number; lagSumMs: number; lagMaxMs: number }
  | { kind: 'finalize' };

/** The dataset of the HEALTH binding in wrangler.toml (samples.test.ts holds the two together). */
export const HEALTH_DATASET = 'edge_replay_health';

/**
 * Positions in a point; never reused, so points already written keep their meaning.
 * blob1 kind, blob2 outcome (ingest: 'accepted' or the error code); double1 batches or messages
 * (a weight for sampled accepted batches), double2 DO errors, double3 failed finalisations,
 * double4 summed queue lag ms, double5 its maximum. Null when this sample is not written.
 */
export function toHealthPoint(sample: HealthSample, random: () => number = Math.random): AnalyticsEngineDataPoint | null {
  switch (sample.kind) {
    case 'ingest': {
      const sampled = sample.outcome === 'accepted' && !sample.doError;
      if (sampled && random() * ACCEPTED_POINT_EVERY >= 1) return null;
      const batches = sampled ? ACCEPTED_POINT_EVERY : 1;
      return { indexes: ['ingest'], blobs: ['ingest', sample.outcome], doubles: [batches, sample.doError ? 1 : 0, 0, 0, 0] };
    }
    case 'queue':
      return { indexes: ['queue'], blobs: ['queue', ''], doubles: [sample.messages, 0, 0, sample.lagSumMs, sample.lagMaxMs] };
    case 'finalize':
      return { indexes: ['finalize'], blobs: ['finalize', ''], doubles: [0, 0, 1, 0, 0] };
  }
}

/**
 * How an ingest request ended, from the error the app handled (undefined when none): the code the
 * client was sent (errorCode, as handleError answers), and whether the session's Durable
 * Object failed. Errors that come back from an RPC call are marked `remote` by the runtime;
 * overload and reset errors are marked `overloaded` or `retryable`.
 */
export function ingestOutcome(status: number, error: Error | undefined): { outcome: string; doError: boolean } {
  if (error === undefined) return { outcome: status < 400 ? 'accepted' : `http_${status}`, doError: false };
  const outcome = errorCode(error);
  const marks = error as Error & { remote?: boolean; overloaded?: boolean; retryable?: boolean };
  return { outcome, doError: outcome === 'internal' && (marks.remote === true || marks.overloaded === true || marks.retryable === true) };
}

/** Queue lag of a batch of messages at `now`; a message stamped in the future counts as 0. */
export function queueSample(timestamps: readonly Date[], now: number): HealthSample {
  let lagSumMs = 0;
  let lagMaxMs = 0;
  for (const t of timestamps) {
    const lag = Math.max(0, now - t.getTime());
    lagSumMs += lag;
    lagMaxMs = Math.max(lagMaxMs, lag);
  }
  return { kind: 'queue', messages: timestamps.length, lagSumMs, lagMaxMs };
}

/** Running counts: `counts` with one more sample folded in (in place, returned). */
export function addSample(counts: HealthCounts, sample: HealthSample): HealthCounts {
  if (sample.kind === 'ingest') {
    if (sample.outcome === 'accepted') counts.batchesAccepted++;
    else counts.batchesRejected[sample.outcome] = (counts.batchesRejected[sample.outcome] ?? 0) + 1;
    if (sample.doError) counts.doErrors++;
  } else if (sample.kind === 'queue') {
    const before = counts.queueMessages;
    counts.queueMessages += sample.messages;
    if (counts.queueMessages > 0) counts.queueLagAvgMs = ((counts.queueLagAvgMs ?? 0) * before + sample.lagSumMs) / counts.queueMessages;
    counts.queueLagMaxMs = Math.max(counts.queueLagMaxMs ?? 0, sample.lagMaxMs);
  } else {
    counts.finalizeFailures++;
  }
  return counts;
}

/** One query over the last `hours`: each (kind, outcome) with its sampled sums. */
export function healthSql(hours: number): string {
  return (
    'SELECT blob1 AS kind, blob2 AS outcome, SUM(_sample_interval * double1) AS count, SUM(_sample_interval * double2) AS do_errors, ' +
    'SUM(_sample_interval * double3) AS finalize_failures, SUM(_sample_interval * double4) AS lag_sum, MAX(double5) AS lag_max ' +
    `FROM ${HEALTH_DATASET} WHERE timestamp > NOW() - INTERVAL '${Math.trunc(hours)}' HOUR GROUP BY kind, outcome FORMAT JSON`
  );
}

/** The SQL API's rows (numbers may come as strings, sampled sums as fractions) as counts. */
export function countsFromRows(rows: ReadonlyArray<Record<string, unknown>>): HealthCounts {
  const counts = emptyHealthCounts();
  const num = (value: unknown) => {
    const n = Number(value);
    return Number.isFinite(n) ? Math.round(n) : 0;
  };
  let lagSum = 0;
  for (const row of rows) {
    const count = num(row.count);
    if (row.kind === 'ingest') {
      const outcome = String(row.outcome ?? '');
      if (outcome === 'accepted') counts.batchesAccepted += count;
      else if (count > 0) counts.batchesRejected[outcome] = (counts.batchesRejected[outcome] ?? 0) + count;
      counts.doErrors += num(row.do_errors);
    } else if (row.kind === 'queue') {
      counts.queueMessages += count;
      lagSum += num(row.lag_sum);
      counts.queueLagMaxMs = Math.max(counts.queueLagMaxMs ?? 0, num(row.lag_max));
    } else if (row.kind === 'finalize') {
      counts.finalizeFailures += num(row.finalize_failures);
    }
  }
  if (counts.queueMessages > 0) counts.queueLagAvgMs = Math.round(lagSum / counts.queueMessages);
  return counts;
}
