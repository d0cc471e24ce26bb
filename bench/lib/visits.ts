/**
 * The benchmark client: simulated visits that send a recorded stream as gzip ingest batches, as
 * the SDK would (one tab, seq from 0, a final batch at the end, retries with backoff, Retry-After
 * honoured), with every request timed. Closed loop: each visit sends its next batch as soon as
 * the last one is answered, so time is compressed and the server's capacity sets the pace.
 */
import { randomFillSync } from 'node:crypto';
import { BATCH_MAX_SERIALIZED_BYTES, DEFAULT_CHECKOUT_EVERY_MS } from '../../sdk/constants.ts';
import { uuidv7 } from '../../sdk/util/uuidv7.ts';
import { CONFIG_PATH, INGEST_PATH, PROJECT_KEY_PARAM, type RecordedEvent } from '../../wire/index.ts';
import type { BenchProject } from './projects.ts';
import { compressTail, gzipBatch, rawBatchBytes, type BatchTail } from './batch-body.ts';
import { cutBatches, eventMark, loopRecording } from './visit.ts';

const REQUEST_TIMEOUT_MS = 20_000;
const MAX_ATTEMPTS = 6;
const RETRY_BASE_MS = 250;
const MAX_RETRY_AFTER_MS = 5_000;

/** One visit's batches, the same for every simulated session of a run. */
export interface VisitPlan {
  durationMs: number;
  flushIntervalMs: number;
  batches: BatchTail[];
}

/**
 * Loops the recording to `durationMs` with a full snapshot every `checkoutEveryMs`, cuts it at
 * `flushIntervalMs`, dates it so the visit ends at `endsAt` (in the past, so the server never
 * clamps a timestamp), and marks every event.
 */
export function planVisit(
  recorded: RecordedEvent[],
  durationMs: number,
  flushIntervalMs: number,
  endsAt: number,
  checkoutEveryMs = DEFAULT_CHECKOUT_EVERY_MS,
): VisitPlan {
  const base = endsAt - durationMs;
  const cut = cutBatches(loopRecording(recorded, durationMs, checkoutEveryMs), flushIntervalMs, BATCH_MAX_SERIALIZED_BYTES);
  const batches = cut.map((events, seq) =>
    compressTail(events.map((event, i) => ({ ...event, timestamp: base + event.timestamp, benchId: eventMark(seq, i) }))),
  );
  return { durationMs, flushIntervalMs, batches };
}

export interface VisitRecord {
  projectId: string;
  sessionId: string;
  /** Seqs the server acknowledged (answered 200). */
  acknowledged: number[];
}

export interface RunStats {
  elapsedMs: number;
  /** HTTP requests made: ingest (first tries, retries, resends) and config. */
  requests: number;
  configRequests: number;
  /** Ingest requests answered 200, resends included. */
  answered200: number;
  /** Batches acknowledged (answered 200), each counted once. */
  accepted: number;
  acceptedEvents: number;
  acceptedWireBytes: number;
  acceptedRawBytes: number;
  /** Acknowledged batches sent again on purpose, and how many of those the server called duplicates. */
  resent: number;
  resentAnsweredDuplicate: number;
  retries: number;
  /** Batches given up on after MAX_ATTEMPTS or a 4xx. */
  failedBatches: number;
  statuses: Record<string, number>;
  /** Latency of every ingest request answered 200, ms. */
  latenciesMs: number[];
}

export interface RunOptions {
  origin: string;
  /**
   * Concurrent client i sends to projects[i % length]. Several projects keep a run under the
   * per-project ingest rate limit (wrangler.toml INGEST_RATE_LIMITER), which is not what a
   * capacity benchmark measures.
   */
  projects: BenchProject[];
  plan: VisitPlan;
  concurrency: number;
  /** Epoch ms: visits in progress end with a final batch, no new ones start. */
  deadline: number;
  /** Visits each concurrent client makes before stopping (Infinity: until the deadline). */
  visitsPerClient: number;
  /** GET /v1/config at the start of each visit, as the SDK's init does. */
  fetchConfig: boolean;
  /** Every n-th acknowledged batch is sent again, as when an answer is lost on the way. 0: never. */
  resendEvery: number;
}

export async function runVisits(options: RunOptions): Promise<{ visits: VisitRecord[]; stats: RunStats }> {
  const { origin, plan } = options;
  const ingestUrl = (p: BenchProject) => `${origin}${INGEST_PATH}?${PROJECT_KEY_PARAM}=${encodeURIComponent(p.key)}`;
  const configUrl = (p: BenchProject) => `${origin}${CONFIG_PATH}?${PROJECT_KEY_PARAM}=${encodeURIComponent(p.key)}`;
  const stats: RunStats = {
    elapsedMs: 0,
    requests: 0,
    configRequests: 0,
    answered200: 0,
    accepted: 0,
    acceptedEvents: 0,
    acceptedWireBytes: 0,
    acceptedRawBytes: 0,
    resent: 0,
    resentAnsweredDuplicate: 0,
    retries: 0,
    failedBatches: 0,
    statuses: {},
    latenciesMs: [],
  };
  const visits: VisitRecord[] = [];

  /** One POST; `null` status for a network error or timeout. */
  const post = async (url: string, body: Buffer): Promise<{ status: number | null; duplicate: boolean; retryAfterMs: number }> => {
    stats.requests++;
    const started = performance.now();
    try {
      const res = await fetch(url, {
        method: 'POST',
        // Buffer.concat's result is backed by a plain ArrayBuffer.
        body: body as Uint8Array<ArrayBuffer>,
        headers: { 'content-type': 'text/plain' },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      stats.statuses[res.status] = (stats.statuses[res.status] ?? 0) + 1;
      if (res.status !== 200) {
        const retryAfter = Number(res.headers.get('retry-after'));
        return { status: res.status, duplicate: false, retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : 0 };
      }
      stats.answered200++;
      stats.latenciesMs.push(performance.now() - started);
      return { status: 200, duplicate: (JSON.parse(text) as { duplicate?: boolean }).duplicate === true, retryAfterMs: 0 };
    } catch {
      stats.statuses.network = (stats.statuses.network ?? 0) + 1;
      return { status: null, duplicate: false, retryAfterMs: 0 };
    }
  };

  /** Sends until answered 200, a 4xx other than 429, or MAX_ATTEMPTS. */
  const deliver = async (url: string, body: Buffer) => {
    for (let attempt = 1; ; attempt++) {
      const answer = await post(url, body);
      const retryable = answer.status === null || answer.status === 429 || answer.status >= 500;
      if (!retryable || attempt === MAX_ATTEMPTS) return answer;
      stats.retries++;
      const backoff = Math.max(RETRY_BASE_MS * 2 ** (attempt - 1), Math.min(answer.retryAfterMs, MAX_RETRY_AFTER_MS));
      await new Promise((r) => setTimeout(r, backoff));
    }
  };

  let acceptedSinceResend = 0;
  const visit = async (project: BenchProject): Promise<void> => {
    const record: VisitRecord = { projectId: project.id, sessionId: uuidv7(Date.now(), randomFillSync), acknowledged: [] };
    visits.push(record);
    const url = ingestUrl(project);
    const tab = Math.random().toString(36).slice(2, 10) || 't';
    if (options.fetchConfig) {
      stats.requests++;
      stats.configRequests++;
      await fetch(configUrl(project), { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).then((r) => r.text(), () => undefined);
    }
    for (let seq = 0; seq < plan.batches.length; seq++) {
      const tail = plan.batches[seq]!;
      const final = seq === plan.batches.length - 1 || Date.now() >= options.deadline;
      const head = { sessionId: record.sessionId, tab, seq, final, sentAt: Date.now() };
      const body = gzipBatch(head, tail);
      const answer = await deliver(url, body);
      if (answer.status !== 200) {
        stats.failedBatches++;
        // The SDK stops on a 4xx; after exhausted retries it moves on to the next batch.
        if (answer.status !== null && answer.status < 500 && answer.status !== 429) return;
      } else {
        // A retry may be answered "duplicate" when an earlier try was stored but its answer lost.
        record.acknowledged.push(seq);
        stats.accepted++;
        stats.acceptedEvents += tail.eventCount;
        stats.acceptedWireBytes += body.length;
        stats.acceptedRawBytes += rawBatchBytes(head, tail);
        if (options.resendEvery > 0 && ++acceptedSinceResend >= options.resendEvery) {
          acceptedSinceResend = 0;
          stats.resent++;
          if ((await deliver(url, body)).duplicate) stats.resentAnsweredDuplicate++;
        }
      }
      if (final) return;
    }
  };

  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, client) => {
      const project = options.projects[client % options.projects.length]!;
      for (let n = 0; n < options.visitsPerClient && Date.now() < options.deadline; n++) await visit(project);
    }),
  );
  stats.elapsedMs = performance.now() - started;
  return { visits, stats };
}

/** The stats of two runs as one: counts add up, latencies pool, time adds. */
export function mergeStats(a: RunStats, b: RunStats): RunStats {
  const statuses = { ...a.statuses };
  for (const [status, n] of Object.entries(b.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
  const merged = { ...a, statuses, latenciesMs: [...a.latenciesMs, ...b.latenciesMs] };
  for (const key of Object.keys(a) as Array<keyof RunStats>) {
    if (typeof a[key] === 'number') (merged[key] as number) = (a[key] as number) + (b[key] as number);
  }
  return merged;
}

/** Every mark the server acknowledged in a visit. */
export function acknowledgedMarks(visit: VisitRecord, plan: VisitPlan): string[] {
  return visit.acknowledged.flatMap((seq) => Array.from({ length: plan.batches[seq]!.eventCount }, (_, i) => eventMark(seq, i)));
}
