/**
 * Load: BENCH_SESSIONS (50) concurrent simulated sessions replay a real recording of the demo page
 * as the SDK batches it (default flush interval, ten-minute visits, time compressed: each sends its
 * next batch as soon as the last is answered) for BENCH_LOAD_MS (30 s) against each of: a no-op
 * Worker (the floor: what wrangler dev on this machine serves at all) and the whole pipeline, both
 * under `wrangler dev` on loopback with the same client, in BENCH_ROUNDS (3) alternating rounds.
 * Then it checks, event by event, that each acknowledged event is in R2 exactly once.
 * Every 50th acknowledged batch is sent a second time, as when an answer is lost.
 */
import { availableParallelism, loadavg } from 'node:os';
import { DEFAULT_FLUSH_INTERVAL_MS } from '../sdk/constants.ts';
import { loadCorpus } from './lib/corpus.ts';
import { meterLogs } from './lib/logs.ts';
import { createProjects, type BenchProject } from './lib/projects.ts';
import { percentile, round } from './lib/stats.ts';
import { checkStored, waitUntilEnded } from './lib/stored.ts';
import { mergeStats, planVisit, runVisits, type RunStats, type VisitPlan, type VisitRecord } from './lib/visits.ts';
import { SESSION_EVENTS_QUEUE, startWranglerDev, withStateDir } from './lib/wrangler-dev.ts';
import { saveResults } from './report.ts';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 50);
const LOAD_MS = Number(process.env.BENCH_LOAD_MS ?? 30_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const VISIT_MS = 10 * 60_000;
const RESEND_EVERY = 50;
const GOAL_SHARE_OF_FLOOR = 0.5;
/** Sessions end quickly once the load stops: a second after their final batch. */
const VARS = { SESSION_IDLE_TIMEOUT_MS: '10000', FINAL_GRACE_MS: '1000' };
const END_WAIT_MS = 90_000;

const corpus = await loadCorpus();
/** Batches are cut at the SDK's default flush interval unless BENCH_FLUSH_INTERVAL_MS says otherwise. */
const FLUSH_INTERVAL_MS = Number(process.env.BENCH_FLUSH_INTERVAL_MS ?? DEFAULT_FLUSH_INTERVAL_MS);
const plan = planVisit(corpus.events, VISIT_MS, FLUSH_INTERVAL_MS, Date.now() - 60_000);
// Each concurrent session sends to a project of its own, so the per-project ingest rate limit
// (wrangler.toml INGEST_RATE_LIMITER) does not set the pace: this measures the pipeline.
const load = (origin: string, projects: BenchProject[]) =>
  runVisits({
    origin,
    projects,
    plan,
    concurrency: SESSIONS,
    deadline: Date.now() + LOAD_MS / ROUNDS,
    visitsPerClient: Infinity,
    fetchConfig: false,
    resendEvery: RESEND_EVERY,
  });

const result = await withStateDir((noopState) =>
  withStateDir(async (pipelineState) => {
    const projects = await createProjects(pipelineState, Array.from({ length: SESSIONS }, (_, i) => `load-${i}`));
    const [noop, dev] = await Promise.all([
      startWranglerDev({ config: 'bench/noop-worker/wrangler.toml', stateDir: noopState }),
      startWranglerDev({ stateDir: pipelineState, vars: VARS }),
    ]);
    try {
      // Rounds alternate, so a neighbour's burst on this shared machine falls on both sides.
      // Each pipeline round waits for its sessions to be written out, so that work does not
      // land in the floor's next round.
      const floorRuns: RunStats[] = [];
      const pipelineRuns: RunStats[] = [];
      const visits: VisitRecord[] = [];
      let floorCpuMs = 0;
      let pipelineCpuMs = 0;
      const loadBefore = loadavg()[0]!;
      for (let round = 0; round < ROUNDS; round++) {
        let cpu = noop.workerdCpuMs();
        floorRuns.push((await load(noop.origin, [{ id: 'noop', key: 'pk_noop' }])).stats);
        floorCpuMs += noop.workerdCpuMs() - cpu;
        cpu = dev.workerdCpuMs();
        const run = await load(dev.origin, projects);
        await waitUntilEnded(dev.origin, run.visits.filter((v) => v.acknowledged.length), Date.now() + END_WAIT_MS);
        pipelineCpuMs += dev.workerdCpuMs() - cpu;
        pipelineRuns.push(run.stats);
        visits.push(...run.visits);
        console.error(`round ${round + 1}/${ROUNDS}: floor ${floorRuns.at(-1)!.answered200}, pipeline ${run.stats.answered200} requests`);
      }
      const floor = summarize(floorRuns.reduce(mergeStats), floorCpuMs);
      const pipeline = summarize(pipelineRuns.reduce(mergeStats), pipelineCpuMs);
      console.error(`checking ${visits.length} sessions in R2…`);
      const stored = await checkStored(dev.origin, visits, plan, Date.now() + END_WAIT_MS);
      const ratio = pipeline.requestsPerSecond / floor.requestsPerSecond;
      return {
        benchmark: 'load',
        date: new Date().toISOString(),
        concurrentSessions: SESSIONS,
        loadMsPerServer: LOAD_MS,
        rounds: ROUNDS,
        /** 1-minute load average of this (shared) machine before and after: context for the absolute figures. */
        machineLoad: { cpus: availableParallelism(), before: loadBefore, after: loadavg()[0]! },
        visit: describePlan(plan, corpus.durationMs),
        floor,
        pipeline: { ...pipeline, logs: meterLogs(dev.lines, SESSION_EVENTS_QUEUE) },
        stored,
        pipelineOverFloorRequestRate: round(ratio),
        goal: { minShareOfFloor: GOAL_SHARE_OF_FLOOR, met: ratio >= GOAL_SHARE_OF_FLOOR },
        storedExactlyOnce: stored.lost === 0 && stored.doubled === 0 && stored.unmarked === 0,
      };
    } catch (error) {
      console.error(dev.lines.slice(-40).join('\n'));
      throw error;
    } finally {
      await Promise.all([noop.stop(), dev.stop()]);
    }
  }),
);

const { floor, pipeline, stored } = result;
await saveResults('load', result, {
  load: [
    ['server', 'requests/s', 'batches/s', 'events/s', 'MB/s gzip (raw JSON)', 'p50', 'p99', 'workerd CPU / request', 'request rate vs floor'],
    row('no-op Worker (floor)', floor, '1.00×'),
    row('edge-replay pipeline', pipeline, `${result.pipelineOverFloorRequestRate.toFixed(2)}× (goal ≥ ${GOAL_SHARE_OF_FLOOR.toFixed(2)}×: ${result.goal.met ? 'met' : 'not met'})`),
  ],
  'load-stored': [
    ['acknowledged events', 'sessions', 'stored once', 'lost', 'doubled', 'resent batches answered duplicate'],
    [
      String(stored.acknowledged),
      String(stored.sessions),
      String(stored.storedOnce),
      String(stored.lost),
      String(stored.doubled),
      `${pipeline.stats.resentAnsweredDuplicate} of ${pipeline.stats.resent}`,
    ],
  ],
});
console.log(JSON.stringify(result, null, 2));
if (!result.storedExactlyOnce) process.exitCode = 1;

function summarize(stats: RunStats, workerdCpuMs: number) {
  const seconds = stats.elapsedMs / 1000;
  const { latenciesMs, ...counts } = stats;
  return {
    requestsPerSecond: round(stats.answered200 / seconds),
    acceptedBatchesPerSecond: round(stats.accepted / seconds),
    eventsPerSecond: round(stats.acceptedEvents / seconds),
    wireMBPerSecond: round(stats.acceptedWireBytes / 1e6 / seconds),
    rawMBPerSecond: round(stats.acceptedRawBytes / 1e6 / seconds),
    p50Ms: round(percentile(latenciesMs, 50)),
    p99Ms: round(percentile(latenciesMs, 99)),
    /** workerd CPU over the rounds per request answered; includes wrangler dev's own proxying. */
    workerdCpuMsPerRequest: round(workerdCpuMs / Math.max(1, stats.answered200)),
    stats: counts,
  };
}

function row(name: string, s: ReturnType<typeof summarize>, vsFloor: string): string[] {
  return [
    name,
    String(s.requestsPerSecond),
    String(s.acceptedBatchesPerSecond),
    String(s.eventsPerSecond),
    `${s.wireMBPerSecond} (${s.rawMBPerSecond})`,
    `${s.p50Ms} ms`,
    `${s.p99Ms} ms`,
    `${s.workerdCpuMsPerRequest} ms`,
    vsFloor,
  ];
}

function describePlan(p: VisitPlan, recordedMs: number) {
  const events = p.batches.reduce((n, b) => n + b.eventCount, 0);
  const raw = p.batches.reduce((n, b) => n + b.raw.length, 0);
  return {
    recordingMs: recordedMs,
    visitMs: p.durationMs,
    flushIntervalMs: p.flushIntervalMs,
    batchesPerVisit: p.batches.length,
    eventsPerVisit: events,
    rawJsonBytesPerBatch: Math.round(raw / p.batches.length),
    gzipBytesPerBatch: Math.round(p.batches.reduce((n, b) => n + b.deflated.length, 0) / p.batches.length),
  };
}
