/**
 * Main-thread overhead on the host page: the same heavy scripted page in Debian's Chromium with
 * no SDK (floor), with bare @rrweb/record (baseline), and with edge-replay's recorder uploading
 * to a loopback endpoint. Script and task time come from CDP Performance.getMetrics around the
 * workload; long tasks from a PerformanceObserver. Variants are interleaved over several rounds
 * and the medians compared, so machine noise hits all three alike.
 * Goal: edge-replay's added main-thread time ≤ 1.15× bare rrweb's. The ratio is taken on script
 * time: a recorder's cost is JavaScript, and total task time also carries the page's own
 * rendering, whose run-to-run noise here is larger than the recorders' whole cost.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, CDPSession } from 'playwright-core';
import { REPO } from '../scripts/paths.ts';
import { flushRecording, launchChromium } from '../tests/browser.ts';
import { startHarness, type Harness } from '../tests/sdk/harness.ts';
import { HEAVY_PAGE_BODY, TYPED_TEXT } from './heavy-page.ts';
import { updateReadmeTable } from './report.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const GOAL_RATIO = 1.15;
const VARIANTS = ['none', 'rrweb', 'edge-replay'] as const;
type Variant = (typeof VARIANTS)[number];

interface Sample {
  taskMs: number;
  scriptMs: number;
  longTasks: number;
  longTaskMs: number;
}

async function bareRrwebScript(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'edge-replay-rrweb-'));
  try {
    const entry = join(dir, 'entry.ts');
    // rrweb with its defaults plus input masking, events kept in memory: what any rrweb setup must at least do.
    await writeFile(entry, "import { record } from '@rrweb/record';\nconst events: unknown[] = [];\nrecord({ emit: (e) => { events.push(e); }, maskAllInputs: true });\n");
    await build({ entryPoints: [entry], outfile: join(dir, 'out.js'), bundle: true, format: 'iife', minify: true, nodePaths: [join(REPO, 'node_modules')], logLevel: 'warning' });
    return await readFile(join(dir, 'out.js'), 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function pageFor(variant: Variant, harness: Harness, rrweb: string): string {
  const observer = `<script>window.__longTasks=[];new PerformanceObserver((l)=>window.__longTasks.push(...l.getEntries().map((e)=>e.duration))).observe({type:'longtask',buffered:true});</script>`;
  if (variant === 'edge-replay') return harness.pageWithSdk(observer + HEAVY_PAGE_BODY);
  const head = variant === 'rrweb' ? `<script>${rrweb.replaceAll('</script', '<\\/script')}</script>` : '';
  return `<!doctype html><html><head><meta charset="utf-8">${observer}${head}</head><body>${HEAVY_PAGE_BODY}</body></html>`;
}

/** Task and script time so far, ms; CDP's counters run from Performance.enable on this session. */
async function taskMetrics(cdp: CDPSession): Promise<{ task: number; script: number }> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  const get = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { task: get('TaskDuration'), script: get('ScriptDuration') };
}

async function runOnce(browser: Browser, harness: Harness, variant: Variant): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    await page.goto(`${harness.pageOrigin}/${variant}`);
    if (variant === 'edge-replay') await page.waitForFunction(() => 'EdgeReplay' in window);
    await page.waitForTimeout(300);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const before = await taskMetrics(cdp);
    const longBefore = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.length);
    await page.evaluate(() => (window as unknown as { runWorkload(): Promise<void> }).runWorkload());
    await page.type('#typing', TYPED_TEXT);
    if (variant === 'edge-replay') {
      // Upload what was recorded: the transport's cost on the host page belongs in the measurement.
      await flushRecording(page);
    }
    const after = await taskMetrics(cdp);
    const long = await page.evaluate(
      (from) => (window as unknown as { __longTasks: number[] }).__longTasks.slice(from),
      longBefore,
    );
    return {
      taskMs: after.task - before.task,
      scriptMs: after.script - before.script,
      longTasks: long.length,
      longTaskMs: long.reduce((a, b) => a + b, 0),
    };
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const harness = await startHarness();
const browser = await launchChromium();
try {
  const rrweb = await bareRrwebScript();
  for (const variant of VARIANTS) harness.setPage(`/${variant}`, pageFor(variant, harness, rrweb));
  const samples: Record<Variant, Sample[]> = { none: [], rrweb: [], 'edge-replay': [] };
  await runOnce(browser, harness, 'none'); // warm-up: first page load pays for process start-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of VARIANTS) samples[variant].push(await runOnce(browser, harness, variant));
  }
  const summary = Object.fromEntries(
    VARIANTS.map((v) => [
      v,
      {
        taskMs: median(samples[v].map((s) => s.taskMs)),
        scriptMs: median(samples[v].map((s) => s.scriptMs)),
        longTasks: median(samples[v].map((s) => s.longTasks)),
        longTaskMs: median(samples[v].map((s) => s.longTaskMs)),
      },
    ]),
  ) as Record<Variant, Sample>;
  const addedRrweb = summary.rrweb.scriptMs - summary.none.scriptMs;
  const addedEdge = summary['edge-replay'].scriptMs - summary.none.scriptMs;
  const ratio = addedEdge / addedRrweb;
  const addedTask = {
    rrweb: summary.rrweb.taskMs - summary.none.taskMs,
    edgeReplay: summary['edge-replay'].taskMs - summary.none.taskMs,
  };
  const uploadedBytes = harness.received.reduce((n, r) => n + r.wireBytes, 0);
  const result = {
    benchmark: 'overhead',
    date: new Date().toISOString(),
    rounds: ROUNDS,
    medians: summary,
    addedScriptMs: { rrweb: addedRrweb, edgeReplay: addedEdge },
    addedTaskMs: addedTask,
    edgeReplayOverRrweb: Number(ratio.toFixed(3)),
    goal: GOAL_RATIO,
    meetsGoal: ratio <= GOAL_RATIO,
    uploadedBatches: harness.received.length,
    uploadedBytes,
    samples,
  };
  await writeFile(join(REPO, 'bench/results/overhead.json'), JSON.stringify(result, null, 2) + '\n');
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  await updateReadmeTable('overhead', [
    ['variant', 'script time', 'added script time', 'task time (noisy)', 'long tasks (count / ms)', 'added script time vs bare rrweb'],
    ['no SDK (floor)', ms(summary.none.scriptMs), '', ms(summary.none.taskMs), `${summary.none.longTasks} / ${ms(summary.none.longTaskMs)}`, ''],
    ['bare @rrweb/record (baseline)', ms(summary.rrweb.scriptMs), ms(addedRrweb), ms(summary.rrweb.taskMs), `${summary.rrweb.longTasks} / ${ms(summary.rrweb.longTaskMs)}`, '1.00×'],
    ['edge-replay', ms(summary['edge-replay'].scriptMs), ms(addedEdge), ms(summary['edge-replay'].taskMs), `${summary['edge-replay'].longTasks} / ${ms(summary['edge-replay'].longTaskMs)}`, `${ratio.toFixed(2)}× (goal ≤ ${GOAL_RATIO}×: ${ratio <= GOAL_RATIO ? 'met' : 'not met'})`],
  ]);
  console.log(JSON.stringify({ ...result, samples: undefined }, null, 2));
} finally {
  await browser.close();
  await harness.close();
}
