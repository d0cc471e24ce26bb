/**
 * GET /api/health/stats?hours=<1..168>: the deployment's own health over the last hours, for the
 * dashboard's health page. The Worker writes one Analytics Engine point per ingest request, queue
 * batch and failed finalisation (workers/health/); this answer sums them.
 */
export const HEALTH_STATS_PATH = '/api/health/stats';
export const DEFAULT_HEALTH_HOURS = 24;
export const MAX_HEALTH_HOURS = 168;

export interface HealthCounts {
  /** Ingest requests answered 200 (duplicates included: they are acknowledged). */
  batchesAccepted: number;
  /** Ingest requests refused, by the error code of the answer (wire ErrorCode). */
  batchesRejected: Record<string, number>;
  /** Ingest requests whose session Durable Object call failed (also counted under `internal`). */
  doErrors: number;
  /** Session finalisations (the DO's alarm) that threw; the alarm is retried. */
  finalizeFailures: number;
  /** Queue messages consumed, and how long they waited: consumption time − send time. */
  queueMessages: number;
  queueLagAvgMs: number | null;
  queueLagMaxMs: number | null;
}

export interface HealthResponse {
  /**
   * analytics-engine: every Worker instance, the last `hours`. isolate: only the Worker instance
   * that answered, since it started (`since`), which is everything when one instance runs it
   * all, as under `npm start`; Analytics Engine has no local query API.
   */
  source: 'analytics-engine' | 'isolate';
  /** Epoch ms: start of the window counted. */
  since: number;
  until: number;
  /** Set when Analytics Engine is configured but failed, so these counts are the isolate's. */
  notice: string | null;
  counts: HealthCounts;
}

export function emptyHealthCounts(): HealthCounts {
  return { batchesAccepted: 0, batchesRejected: {}, doErrors: 0, finalizeFailures: 0, queueMessages: 0, queueLagAvgMs: null, queueLagMaxMs: null };
}

/**
 * Accepted batches are most of the traffic (about 11 per ten-minute session), and a point for
 * each would cost more than the rest of the health report together: one in this many is written,
 * standing for this many (its batch count is the weight). Rejections, DO errors, queue batches
 * and failed finalisations are rare and always written. The isolate's counts stay exact.
 */
export const ACCEPTED_POINT_EVERY = 10;
