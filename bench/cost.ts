/**
 * Cost: dollars per 1,000 ten-minute sessions, from counts measured while BENCH_COST_SESSIONS (10)
 * simulated ten-minute visits (a real recording of the demo page, looped; time compressed) go
 * through the whole pipeline under `wrangler dev`, once per flush interval in FLUSH_INTERVALS_S.
 * Each interval gets its own project and runs until its sessions are written out and their queue
 * messages consumed. Counts come from the client (requests), the Worker's structured log lines
 * (DO and D1 rows, R2 operations and bytes, Analytics Engine points; workers/log.ts), miniflare's
 * queue lines and workerd's CPU time in /proc.
 * Each figure in bench/results/cost.json says whether it was measured or estimated, and how.
 */
import { availableParallelism, loadavg } from 'node:os';
import { DEFAULT_FLUSH_INTERVAL_MS } from '../sdk/constants.ts';
import { ACCEPTED_POINT_EVERY } from '../wire/health.ts';
import { loadCorpus } from './lib/corpus.ts';
import { linesOf, meterLogs, sumField, type LogMeter } from './lib/logs.ts';
import { bill, PRICES, type Usage } from './lib/pricing.ts';
import { createProjects, type BenchProject } from './lib/projects.ts';
import { round } from './lib/stats.ts';
import { waitUntilEnded } from './lib/stored.ts';
import { planVisit, runVisits, type RunStats, type VisitPlan } from './lib/visits.ts';
import { SESSION_EVENTS_QUEUE, startWranglerDev, withStateDir, type DevServer } from './lib/wrangler-dev.ts';
import { saveResults } from './report.ts';

const SESSIONS = Number(process.env.BENCH_COST_SESSIONS ?? 10);
/** BENCH_COST_INTERVALS (comma-separated seconds) runs fewer while iterating. */
const FLUSH_INTERVALS_S = (process.env.BENCH_COST_INTERVALS ?? '5,10,30,60,120').split(',').map(Number);
const VISIT_MS = 10 * 60_000;
const GOAL_USD_PER_1000 = 0.05;
/** Sessions are deleted after projects.retention_days (30 by default): a month of storage each. */
const RETENTION_MONTHS = 1;
/** A Durable Object is billed for 128 MB while active. */
const DO_MEMORY_GB = 0.128;
/** The SDK's start message and end message per session (durable-objects: startedMessage, endedMessage). */
const MESSAGES_PER_SESSION = 2;
const VARS = { SESSION_IDLE_TIMEOUT_MS: '10000', FINAL_GRACE_MS: '500' };
/** The Worker's log lines the counts come from (workers/log.ts): every phase has them all, or a count would read as zero. */
const METERED_EVENTS = ['do.batch', 'do.alarm', 'do.manifest-read', 'session.started', 'session.finalized', 'queue.counted'];
const PHASE_TIMEOUT_MS = 120_000;
const QUEUE_WAIT_MS = 20_000;
const phasePrefix = (flushIntervalMs: number) => `cost-${flushIntervalMs / 1000}s-`;

interface Phase {
  flushIntervalMs: number;
  plan: VisitPlan;
  stats: RunStats;
  workerdCpuMs: number;
  logs: LogMeter;
}

const corpus = await loadCorpus();
const loadBefore = loadavg()[0]!;

const { phases, floorCpuMsPerRequest } = await withStateDir((noopState) =>
  withStateDir(async (stateDir) => {
    // One project per concurrent session, as in the load benchmark: the per-project rate limit stays out of the way.
    const projectIds = FLUSH_INTERVALS_S.flatMap((s) => Array.from({ length: SESSIONS }, (_, i) => `${phasePrefix(s * 1000)}${i}`));
    const projects = await createProjects(stateDir, projectIds);
    const [noop, dev] = await Promise.all([
      startWranglerDev({ config: 'bench/noop-worker/wrangler.toml', stateDir: noopState }),
      startWranglerDev({ stateDir, vars: VARS }),
    ]);
    const phases: Phase[] = [];
    let floorCpuMsPerRequest: number;
    try {
      floorCpuMsPerRequest = await floorCpu(noop);
      await noop.stop();
      for (const seconds of FLUSH_INTERVALS_S) {
        const prefix = phasePrefix(seconds * 1000);
        phases.push(await runPhase(dev, projects.filter((p) => p.id.startsWith(prefix)), seconds * 1000));
        console.error(`${seconds} s flush interval: ${phases.at(-1)!.stats.answered200} requests`);
      }
    } catch (error) {
      console.error(dev.lines.slice(-40).join('\n'));
      throw error;
    } finally {
      await Promise.all([noop.stop(), dev.stop()]);
    }
    return { phases, floorCpuMsPerRequest };
  }),
);

const curve = phases.map((phase) => {
  const usages = usagesOf(phase, 'upper bound');
  const netCpu = usagesOf(phase, 'net of floor');
  return {
    flushIntervalMs: phase.flushIntervalMs,
    batchesPerSession: phase.plan.batches.length,
    bill: roundBill(bill(usages)),
    usdPer1000SessionsWithCpuNetOfFloor: round4(bill(netCpu).usdPer1000Sessions),
    meterLogs: phase.logs,
    client: { ...phase.stats, latenciesMs: undefined },
    workerdCpuMs: Math.round(phase.workerdCpuMs),
  };
});
const byDefault = curve.find((c) => c.flushIntervalMs === DEFAULT_FLUSH_INTERVAL_MS) ?? curve[0]!;
const result = {
  benchmark: 'cost',
  date: new Date().toISOString(),
  sessionsPerInterval: SESSIONS,
  visitMs: VISIT_MS,
  defaultFlushIntervalMs: DEFAULT_FLUSH_INTERVAL_MS,
  prices: PRICES,
  assumptions: {
    retentionMonths: RETENTION_MONTHS,
    doMemoryGb: DO_MEMORY_GB,
    workerCpu:
      "upper bound: all workerd CPU over the phase (Worker, Durable Objects, local D1/R2/Queue, wrangler dev's proxy) per session; the alternative total subtracts the no-op Worker's CPU per request measured in the same run",
    includedAllowances: 'ignored: marginal paid-plan prices',
  },
  floorCpuMsPerRequest: round(floorCpuMsPerRequest),
  machineLoad: { cpus: availableParallelism(), before: loadBefore, after: loadavg()[0]! },
  goal: { maxUsdPer1000Sessions: GOAL_USD_PER_1000, atDefaultInterval: byDefault.bill.usdPer1000Sessions <= GOAL_USD_PER_1000 },
  curve,
};
await saveResults('cost', result, { cost: readmeRows() });
console.log(JSON.stringify({ ...result, curve: curve.map((c) => ({ flushIntervalMs: c.flushIntervalMs, bill: c.bill })) }, null, 2));

/** The same client against the no-op Worker: workerd CPU per request that any Worker costs under wrangler dev. */
async function floorCpu(noop: DevServer): Promise<number> {
  const plan = planVisit(corpus.events, VISIT_MS, DEFAULT_FLUSH_INTERVAL_MS, Date.now() - 60_000);
  const before = noop.workerdCpuMs();
  const { stats } = await runVisits({
    origin: noop.origin,
    projects: [{ id: 'noop', key: 'pk_noop' }],
    plan,
    concurrency: SESSIONS,
    deadline: Date.now() + PHASE_TIMEOUT_MS,
    visitsPerClient: 1,
    fetchConfig: true,
    resendEvery: 0,
  });
  return (noop.workerdCpuMs() - before) / stats.requests;
}

async function runPhase(dev: DevServer, projects: BenchProject[], flushIntervalMs: number): Promise<Phase> {
  const plan = planVisit(corpus.events, VISIT_MS, flushIntervalMs, Date.now() - 60_000);
  const firstLine = dev.lines.length;
  const cpuBefore = dev.workerdCpuMs();
  const deadline = Date.now() + PHASE_TIMEOUT_MS;
  const { stats, visits } = await runVisits({
    origin: dev.origin,
    projects,
    plan,
    concurrency: SESSIONS,
    deadline,
    visitsPerClient: 1,
    fetchConfig: true,
    resendEvery: 0,
  });
  if (stats.failedBatches > 0) throw new Error(`${stats.failedBatches} batches were not acknowledged: ${JSON.stringify(stats.statuses)}`);
  await waitUntilEnded(dev.origin, visits, deadline);
  // The consumer takes messages in batches up to 5 s apart: wait until this phase's are all
  // counted, so none of its work is metered in the next phase.
  const messages = MESSAGES_PER_SESSION * SESSIONS;
  const queueDeadline = Date.now() + QUEUE_WAIT_MS;
  const phaseLogs = () => meterLogs(dev.lines.slice(firstLine), SESSION_EVENTS_QUEUE);
  for (let logs = phaseLogs(); logs.queue.acked < messages || sumField(logs, 'points', ['queue.counted']) < messages; logs = phaseLogs()) {
    if (Date.now() > queueDeadline) throw new Error(`the queue consumer had not counted the ${messages} messages of the ${flushIntervalMs / 1000} s phase within ${QUEUE_WAIT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const logs = phaseLogs();
  const missing = METERED_EVENTS.filter((event) => linesOf(logs, event) === 0);
  if (missing.length > 0) throw new Error(`no ${missing.join(', ')} log lines in the ${flushIntervalMs / 1000} s phase: the Worker no longer logs what this benchmark counts`);
  return { flushIntervalMs, plan, stats, workerdCpuMs: dev.workerdCpuMs() - cpuBefore, logs };
}

/** What one session used, line by line, each marked measured or estimated. */
function usagesOf(phase: Phase, cpu: 'upper bound' | 'net of floor'): Usage[] {
  const { stats, logs } = phase;
  const per = (n: number) => n / SESSIONS;
  const alarms = linesOf(logs, 'do.alarm');
  const aePoints = sumField(logs, 'points', ['queue.counted']);
  const ingestRequests = stats.requests - stats.configRequests;
  const healthPoints = stats.answered200 / ACCEPTED_POINT_EVERY + (ingestRequests - stats.answered200) + logs.queue.invocations;
  const workerRequests = stats.requests + logs.queue.invocations;
  const cpuMs = cpu === 'upper bound' ? phase.workerdCpuMs : Math.max(0, phase.workerdCpuMs - floorCpuMsPerRequest * stats.requests);
  return [
    {
      line: 'Worker requests',
      price: 'workerRequests',
      perSession: per(workerRequests),
      basis: 'measured',
      how: `client: ${stats.requests - stats.configRequests} ingest + ${stats.configRequests} config requests; ${logs.queue.invocations} queue consumer invocations`,
    },
    {
      line: 'Worker CPU',
      price: 'workerCpuMs',
      perSession: per(cpuMs),
      basis: 'measured',
      how:
        cpu === 'upper bound'
          ? 'upper bound: workerd CPU time in /proc over the phase, which also runs the DOs, local D1/R2/Queue and the dev proxy'
          : 'workerd CPU time over the phase minus the no-op Worker’s CPU per request',
    },
    {
      line: 'DO requests',
      price: 'doRequests',
      perSession: per(stats.answered200 + alarms),
      basis: 'measured',
      how: `one RPC per ingest request answered 200, one per alarm invocation (${alarms} do.alarm lines, re-arms included)`,
    },
    {
      line: 'DO duration',
      price: 'doGbSeconds',
      perSession: per((cpuMs / 1000) * DO_MEMORY_GB),
      basis: 'estimated',
      how: `128 MB × active time taken as the phase's workerd CPU (${cpu}); production I/O waits are not in it`,
    },
    {
      line: 'DO rows written',
      price: 'doRowsWritten',
      perSession: per(sumField(logs, 'doRowsWritten')),
      basis: 'measured',
      how: 'doRowsWritten (SqlStorage rowsWritten, setAlarm() as 1) of do.batch, do.alarm and session.finalized lines: batches, table creation, state row, alarms',
    },
    {
      line: 'DO storage cleared (deleteAll)',
      price: 'doRowsWritten',
      perSession: 0,
      basis: 'estimated',
      how: `${round(per(sumField(logs, 'storageCleared')))} deleteAll() per session, taken as 0 rows: the pricing docs bill rows written and list no per-row charge for deleteAll(); were it billed per row dropped, add about one row per batch pending at the end`,
    },
    { line: 'R2 class A (puts)', price: 'r2ClassA', perSession: per(sumField(logs, 'r2Puts')), basis: 'measured', how: 'r2Puts of session.finalized and asset.stored lines' },
    {
      line: 'R2 class B (heads, reads)',
      price: 'r2ClassB',
      perSession: per(sumField(logs, 'r2Heads')),
      basis: 'measured',
      how: 'r2Heads of asset.stored lines (replays read later are not counted)',
    },
    {
      line: `R2 storage (${RETENTION_MONTHS} month)`,
      price: 'r2GbMonths',
      perSession: per(((sumField(logs, 'r2Bytes') + sumField(logs, 'bytes', ['asset.stored'])) / 1e9) * RETENTION_MONTHS),
      basis: 'measured',
      how: 'r2Bytes of session.finalized + bytes of asset.stored, kept for the retention period',
    },
    {
      line: 'D1 rows written (sessions)',
      price: 'd1RowsWritten',
      perSession: per(sumField(logs, 'd1RowsWritten', ['session.started', 'session.finalized'])),
      basis: 'measured',
      how: 'd1RowsWritten of session.started and session.finalized lines',
    },
    {
      line: `D1 storage: manifests (${RETENTION_MONTHS} month)`,
      price: 'd1GbMonths',
      perSession: per((sumField(logs, 'manifestBytes', ['session.finalized']) / 1e9) * RETENTION_MONTHS),
      basis: 'measured',
      how: "manifestBytes of session.finalized lines (gzip manifests on the session rows), kept for the retention period; the rows' other columns (under 1 KB a session) are not counted",
    },
    {
      line: 'D1 rows read (manifest lookups)',
      price: 'd1RowsRead',
      perSession: per(sumField(logs, 'd1RowsRead', ['do.manifest-read'])),
      basis: 'measured',
      how: "d1RowsRead of do.manifest-read lines: an empty DO reads the session row's manifest (0 rows for a new session)",
    },
    {
      line: 'D1 rows written (asset last seen)',
      price: 'd1RowsWritten',
      perSession: per(sumField(logs, 'd1RowsWritten', ['asset.stored'])),
      basis: 'measured',
      how: "d1RowsWritten of asset.stored lines: an asset's last_seen_day row, at most once a day per asset and isolate (retention)",
    },
    {
      line: 'D1 rows written (queue dedupe)',
      price: 'd1RowsWritten',
      perSession: per(sumField(logs, 'd1RowsWritten', ['queue.counted'])),
      basis: 'measured',
      how: 'd1RowsWritten of queue.counted lines (counted_events inserts)',
    },
    {
      line: 'Queue operations',
      price: 'queueOperations',
      perSession: per(aePoints * 3 + logs.queue.received - logs.queue.acked),
      basis: 'measured',
      how: "messages (one point per first delivery, queue.counted lines) × 3 (write, read, delete), plus one read per retried delivery in miniflare's QUEUE lines",
    },
    { line: 'Analytics Engine points', price: 'aePoints', perSession: per(aePoints), basis: 'measured', how: 'points of queue.counted lines: one per first delivery' },
    {
      line: 'Analytics Engine health points',
      price: 'aePoints',
      perSession: per(healthPoints),
      basis: 'estimated',
      how: `one per ${ACCEPTED_POINT_EVERY} ingest requests answered 200 on average (workers/health/samples.ts samples them), one per other ingest answer and per queue consumer invocation`,
    },
  ];
}

function roundBill(b: ReturnType<typeof bill>) {
  return {
    usdPer1000Sessions: round4(b.usdPer1000Sessions),
    measuredShare: round(b.measuredShare),
    lines: b.lines.map((l) => ({ ...l, perSession: Number(l.perSession.toPrecision(3)), usdPer1000Sessions: round4(l.usdPer1000Sessions) })),
  };
}

function round4(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}

function readmeRows(): string[][] {
  const usd = (n: number) => `$${n.toFixed(4)}`;
  const head = ['line', 'basis', `per session at ${DEFAULT_FLUSH_INTERVAL_MS / 1000} s`, ...curve.map((c) => `${c.flushIntervalMs / 1000} s${c === byDefault ? ' (default)' : ''}`)];
  const lines = byDefault.bill.lines.map((line, i) => [
    line.line,
    line.basis,
    `${line.perSession} ${line.unit}`,
    ...curve.map((c) => usd(c.bill.lines[i]!.usdPer1000Sessions)),
  ]);
  return [
    head,
    ['batches per session', 'measured', '', ...curve.map((c) => String(c.batchesPerSession))],
    ...lines,
    [
      `**total per 1,000 sessions** (goal ≤ $${GOAL_USD_PER_1000.toFixed(2)})`,
      `${Math.round(byDefault.bill.measuredShare * 100)}% measured`,
      '',
      ...curve.map((c) => `**${usd(c.bill.usdPer1000Sessions)}** ${c.bill.usdPer1000Sessions <= GOAL_USD_PER_1000 ? 'met' : 'not met'}`),
    ],
    ['total with Worker CPU net of the no-op floor', 'estimated', '', ...curve.map((c) => usd(c.usdPer1000SessionsWithCpuNetOfFloor))],
  ];
}
