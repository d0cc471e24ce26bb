/**
 * Replay: how soon the dashboard's player shows a 60-minute session, and what a seek into its
 * middle costs, beside downloading the whole session (every segment, as the player did before
 * it streamed), all in one Chromium against one local stack in the same run.
 *
 * The session is the load benchmark's real recording of the demo page, looped to BENCH_REPLAY_MINUTES
 * (60) with a full snapshot every minute, cut into batches at the SDK's flush interval and sent
 * through the ingest path, time compressed. SEGMENT_MAX_DURATION_MS is set low so every snapshot
 * starts a segment: about one segment a minute (production cuts at most every 10 minutes, after
 * 2 MiB). Each of BENCH_ROUNDS (5) rounds uses fresh browser contexts, so no round reads another's
 * HTTP cache: one opens the player and seeks, the other downloads every segment.
 */
import type { Browser, Page } from 'playwright-core';
import { buildAll } from '../scripts/build.ts';
import { DEFAULT_FLUSH_INTERVAL_MS } from '../sdk/constants.ts';
import { launchChromium } from '../tests/browser.ts';
import type { SessionDetailResponse } from '../wire/index.ts';
import { loadCorpus } from './lib/corpus.ts';
import { createProjects } from './lib/projects.ts';
import { percentile, round } from './lib/stats.ts';
import { waitUntilEnded } from './lib/stored.ts';
import { planVisit, runVisits } from './lib/visits.ts';
import { ADMIN_HEADERS, startWranglerDev, withStateDir } from './lib/wrangler-dev.ts';
import { saveResults } from './report.ts';

const VISIT_MS = Number(process.env.BENCH_REPLAY_MINUTES ?? 60) * 60_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** A full snapshot a minute in the looped recording, and a segment cut at each. */
const CHECKOUT_EVERY_MS = 60_000;
const VARS = { SESSION_IDLE_TIMEOUT_MS: '10000', FINAL_GRACE_MS: '1000', SEGMENT_MAX_DURATION_MS: '30000' };
const GOAL_FIRST_FRAME_MS = 1_000;
const STEP_TIMEOUT_MS = 60_000;
const END_WAIT_MS = 180_000;
const SEGMENT_PATH = /\/segments\/(\d+)$/;

/** Records, from navigation start, when the replay frame first holds the recorded page. */
function watchFirstFrame(): void {
  const w = window as unknown as { firstFrameAt?: number };
  const check = () => {
    const body = document.querySelector<HTMLIFrameElement>('[data-testid="replay"] iframe')?.contentDocument?.body;
    if (body && body.childElementCount > 0) w.firstFrameAt = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

async function waitFor<T>(page: Page, fn: () => T | undefined, what: string): Promise<T> {
  const handle = await page.waitForFunction(fn, undefined, { timeout: STEP_TIMEOUT_MS }).catch(() => {
    throw new Error(`timed out waiting for ${what}`);
  });
  return (await handle.jsonValue()) as T;
}

interface PlayerRound {
  firstFrameMs: number;
  segmentsBeforeFirstFrame: number;
  seekMs: number;
  segmentsForSeek: number;
}

/** Opens the player, waits for its first frame, then seeks to the middle with the seek bar. */
async function playerRound(browser: Browser, url: string, middleMs: number): Promise<PlayerRound> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, extraHTTPHeaders: ADMIN_HEADERS });
  try {
    const page = await context.newPage();
    const segments: number[] = [];
    page.on('request', (request) => SEGMENT_PATH.test(new URL(request.url()).pathname) && segments.push(1));
    await page.addInitScript(watchFirstFrame);
    await page.goto(url);
    const firstFrameMs = await waitFor(page, () => (window as unknown as { firstFrameAt?: number }).firstFrameAt, 'the first frame');
    const segmentsBeforeFirstFrame = segments.length;
    await page.getByTestId('player-status').filter({ hasText: 'ready' }).waitFor({ timeout: STEP_TIMEOUT_MS });

    const before = segments.length;
    await page.evaluate((middle) => {
      const w = window as unknown as { seekStart: number; seekDone?: number };
      const input = document.querySelector<HTMLInputElement>('[data-testid="seek"]')!;
      const shown = () => {
        const stage = document.querySelector('[data-testid="replay"]');
        const status = document.querySelector('[data-testid="player-status"]')?.textContent;
        const body = stage?.querySelector('iframe')?.contentDocument?.body;
        return stage?.getAttribute('aria-busy') === 'false' && status === 'paused' && !!body && body.childElementCount > 0;
      };
      const check = () => (shown() ? (w.seekDone = performance.now()) : requestAnimationFrame(check));
      w.seekStart = performance.now();
      input.value = String(middle);
      input.dispatchEvent(new Event('change', { bubbles: true }));
      requestAnimationFrame(check);
    }, middleMs);
    const seekDone = await waitFor(page, () => (window as unknown as { seekDone?: number }).seekDone, 'the seek');
    const seekStart = await page.evaluate(() => (window as unknown as { seekStart: number }).seekStart);
    return { firstFrameMs, segmentsBeforeFirstFrame, seekMs: seekDone - seekStart, segmentsForSeek: segments.length - before };
  } finally {
    await context.close();
  }
}

/** Downloads and decodes the manifest and every segment in the browser: in index order, or all at once. */
async function downloadRound(browser: Browser, origin: string, sessionPath: string, parallel: boolean): Promise<number> {
  const context = await browser.newContext({ extraHTTPHeaders: ADMIN_HEADERS });
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/healthz`);
    return await page.evaluate(
      async ({ sessionPath, parallel }) => {
        const decode = async (response: Response) => {
          const bytes = new Uint8Array(await response.arrayBuffer());
          const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
          const text = gzip ? await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text() : new TextDecoder().decode(bytes);
          return (JSON.parse(text) as unknown[]).length;
        };
        const started = performance.now();
        const detail = (await (await fetch(`/api/sessions/${sessionPath}`)).json()) as { manifest: { segments: { index: number }[] } };
        const one = async (index: number) => decode(await fetch(`/api/sessions/${sessionPath}/segments/${index}`));
        const indexes = detail.manifest.segments.map((s) => s.index);
        if (parallel) await Promise.all(indexes.map(one));
        else for (const index of indexes) await one(index);
        return performance.now() - started;
      },
      { sessionPath, parallel },
    );
  } finally {
    await context.close();
  }
}

const stats = (samples: number[]) => ({ median: round(percentile(samples, 50)), max: round(Math.max(...samples)) });

// The player is served from dist/public: build it as it is now.
await buildAll();
const corpus = await loadCorpus();
const visitPlan = planVisit(corpus.events, VISIT_MS, DEFAULT_FLUSH_INTERVAL_MS, Date.now() - 60_000, CHECKOUT_EVERY_MS);

const result = await withStateDir(async (stateDir) => {
  const [project] = await createProjects(stateDir, ['replay']);
  const dev = await startWranglerDev({ stateDir, vars: VARS });
  const browser = await launchChromium();
  try {
    console.error(`sending a ${VISIT_MS / 60_000}-minute session in ${visitPlan.batches.length} batches…`);
    const sent = await runVisits({
      origin: dev.origin,
      projects: [project!],
      plan: visitPlan,
      concurrency: 1,
      deadline: Number.POSITIVE_INFINITY,
      visitsPerClient: 1,
      fetchConfig: false,
      resendEvery: 0,
    });
    if (sent.stats.failedBatches > 0) throw new Error(`${sent.stats.failedBatches} batches were not accepted`);
    const [detail] = (await waitUntilEnded(dev.origin, sent.visits, Date.now() + END_WAIT_MS)) as [SessionDetailResponse];
    const { sessionId } = detail.manifest;
    const sessionPath = `${project!.id}/${sessionId}`;
    const segments = detail.manifest.segments;
    const totalMs = detail.session.durationMs;

    const player: PlayerRound[] = [];
    const sequential: number[] = [];
    const parallel: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      player.push(await playerRound(browser, `${dev.origin}/#/sessions/${sessionPath}`, Math.round(totalMs / 2 / 100) * 100));
      sequential.push(await downloadRound(browser, dev.origin, sessionPath, false));
      parallel.push(await downloadRound(browser, dev.origin, sessionPath, true));
      console.error(`round ${i + 1}/${ROUNDS}: first frame ${Math.round(player.at(-1)!.firstFrameMs)} ms, seek ${Math.round(player.at(-1)!.seekMs)} ms, all segments ${Math.round(sequential.at(-1)!)} ms`);
    }
    const firstFrame = stats(player.map((r) => r.firstFrameMs));
    const seekRequests = player.map((r) => r.segmentsForSeek);
    return {
      benchmark: 'replay',
      date: new Date().toISOString(),
      rounds: ROUNDS,
      session: {
        minutes: round(totalMs / 60_000),
        segments: segments.length,
        segmentBytes: segments.reduce((n, s) => n + s.bytes, 0),
        events: segments.reduce((n, s) => n + s.eventCount, 0),
        firstSegmentBytes: segments[0]!.bytes,
        checkoutEveryMs: CHECKOUT_EVERY_MS,
        vars: VARS,
      },
      firstFrameMs: firstFrame,
      segmentsBeforeFirstFrame: player.map((r) => r.segmentsBeforeFirstFrame),
      seekToMiddleMs: stats(player.map((r) => r.seekMs)),
      segmentsForSeek: seekRequests,
      allSegmentsInOrderMs: stats(sequential),
      allSegmentsAtOnceMs: stats(parallel),
      goal: {
        firstFrameMs: GOAL_FIRST_FRAME_MS,
        firstFrameMet: firstFrame.median <= GOAL_FIRST_FRAME_MS,
        seekLoadsOneSegment: seekRequests.every((n) => n === 1),
      },
    };
  } finally {
    await browser.close();
    await dev.stop();
  }
});

const { session, goal } = result;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
const ms = (s: { median: number; max: number }) => [`${Math.round(s.median)} ms`, `${Math.round(s.max)} ms`];
const counts = (perRound: number[]) => (new Set(perRound).size === 1 ? `${perRound[0]} in each round` : perRound.join(', '));
const vsAll = (median: number) => `${(result.allSegmentsInOrderMs.median / Math.max(1, median)).toFixed(1)}× sooner`;
await saveResults('replay', result, {
  replay: [
    ['what', 'median', 'max', 'segments downloaded', 'vs every segment in order'],
    ['every segment in order, decoded (baseline: the player before streaming)', ...ms(result.allSegmentsInOrderMs), `${session.segments} (${mb(session.segmentBytes)})`, '1.0×'],
    ['every segment at once, decoded', ...ms(result.allSegmentsAtOnceMs), `${session.segments} (${mb(session.segmentBytes)})`, vsAll(result.allSegmentsAtOnceMs.median)],
    [
      `player: first frame from navigation (goal ≤ ${GOAL_FIRST_FRAME_MS} ms: ${goal.firstFrameMet ? 'met' : 'not met'})`,
      ...ms(result.firstFrameMs),
      counts(result.segmentsBeforeFirstFrame),
      vsAll(result.firstFrameMs.median),
    ],
    [
      `player: seek to the middle, until shown (goal: one segment: ${goal.seekLoadsOneSegment ? 'met' : 'not met'})`,
      ...ms(result.seekToMiddleMs),
      counts(result.segmentsForSeek),
      vsAll(result.seekToMiddleMs.median),
    ],
  ],
});
console.log(JSON.stringify(result, null, 2));
if (!goal.seekLoadsOneSegment) process.exitCode = 1;
