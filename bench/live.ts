/**
 * Live viewing latency: from a keystroke on a recorded page to the same (masked) character in
 * the dashboard's watch page, which replays the session through the session DO's WebSocket.
 * Measured beside two baselines from the same run on the same local stack: the bare ingest round
 * trip (what the SDK pays per batch anyway) and ingest → viewer push with no browser involved
 * (the server's share of the live path). Both pages run in one Chromium, so Date.now() in each is
 * the same clock. Bounded: KEYSTROKES (100) characters, a fixed count of round trips, loopback only.
 */
import { randomFillSync } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { flushRecording, launchChromium } from '../tests/browser.ts';
import { makeStateDir, removeStateDir, signIn, startStack, type LocalStack } from '../tests/e2e/stack.ts';
import { uuidv7 } from '../sdk/util/uuidv7.ts';
import { INGEST_PATH, LIVE_FLUSH_INTERVAL_MS, PROJECT_KEY_PARAM, type IngestBatch, type IngestResponse } from '../wire/index.ts';
import { parseLiveMessage } from '../dashboard/src/lib/live/feed.ts';
import { percentile } from './lib/stats.ts';
import { saveResults } from './report.ts';

const KEYSTROKES = Number(process.env.BENCH_KEYSTROKES ?? 100);
const ROUND_TRIPS = 100;
/** Spacing between keystrokes, jittered so they land at every phase of the SDK's flush cycle. */
const KEY_GAP_MS = [80, 220] as const;
const GOAL_P95_MS = 1_500;
const STEP_TIMEOUT_MS = 30_000;

interface Percentiles {
  p50: number;
  p95: number;
  max: number;
}
const summary = (samples: number[]): Percentiles => ({
  p50: Math.round(percentile(samples, 50)),
  p95: Math.round(percentile(samples, 95)),
  max: Math.round(Math.max(...samples)),
});

const ingestUrl = (stack: LocalStack) => `${stack.origin}${INGEST_PATH}?${PROJECT_KEY_PARAM}=${stack.projectKey}`;

function batchBody(sessionId: string, seq: number): Buffer {
  const t = Date.now();
  const events =
    seq === 0
      ? [
          { type: 4, timestamp: t, data: { href: 'https://bench.test/', width: 800, height: 600 } },
          { type: 2, timestamp: t, data: { node: { type: 0, childNodes: [], id: 1 }, initialOffset: { top: 0, left: 0 } } },
        ]
      : [{ type: 3, timestamp: t, data: { source: 5, id: 1, text: '*', isChecked: false } }];
  const batch: IngestBatch = { v: 1, sessionId, tab: 'bench', seq, final: false, sentAt: t, events };
  return gzipSync(JSON.stringify(batch));
}

async function ingest(stack: LocalStack, body: Buffer): Promise<IngestResponse> {
  const res = await fetch(ingestUrl(stack), { method: 'POST', body: new Uint8Array(body) });
  if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as IngestResponse;
}

/** Baselines: the bare ingest round trip, then ingest → the viewer's WebSocket, on a session of their own. */
async function serverBaselines(stack: LocalStack): Promise<{ ingestRoundTrip: number[]; ingestToViewer: number[] }> {
  const sessionId = uuidv7(Date.now(), randomFillSync);
  let seq = 0;
  const ingestRoundTrip: number[] = [];
  await ingest(stack, batchBody(sessionId, seq++));
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const body = batchBody(sessionId, seq++);
    const started = performance.now();
    await ingest(stack, body);
    ingestRoundTrip.push(performance.now() - started);
  }

  const frames: number[] = [];
  const socket = await openViewer(`${stack.origin.replace('http', 'ws')}/api/sessions/demo/${sessionId}/live`, frames, stack.auth);
  await waitFor(() => frames.length > 0, 'the catch-up');
  const ingestToViewer: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const before = frames.length;
    const body = batchBody(sessionId, seq++);
    const started = performance.now();
    await ingest(stack, body);
    await waitFor(() => frames.length > before, 'a pushed batch');
    ingestToViewer.push(frames[before]! - started);
  }
  socket.close();
  return { ingestRoundTrip, ingestToViewer };
}

/** The session's live row is written just after its first batch: retry until the endpoint knows it. */
async function openViewer(url: string, frames: number[], headers: Record<string, string>): Promise<WebSocket> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    // Node's WebSocket takes headers, which browsers' cannot: the admin's bearer token.
    const socket = new WebSocket(url, { headers } as unknown as string[]);
    socket.addEventListener('message', () => frames.push(performance.now()));
    const opened = await new Promise<boolean>((resolve) => {
      socket.addEventListener('open', () => resolve(true));
      socket.addEventListener('error', () => resolve(false));
    });
    if (opened) return socket;
    if (Date.now() > deadline) throw new Error(`could not open ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitFor(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Records Date.now() for each keystroke on the recorded page. */
async function recordKeystrokes(visitor: Page): Promise<void> {
  await visitor.evaluate(() => {
    const w = window as unknown as { typedAt: number[] };
    w.typedAt = [];
    document.querySelector('#message')!.addEventListener('keydown', () => w.typedAt.push(Date.now()));
  });
}

/** Records Date.now() when each character appears in the watch page's replayed #message, checked every frame. */
async function recordAppearances(viewer: Page): Promise<void> {
  await viewer.evaluate(() => {
    const w = window as unknown as { seenAt: number[] };
    w.seenAt = [];
    const check = () => {
      const frame = document.querySelector<HTMLIFrameElement>('[data-testid="live-replay"] iframe');
      const field = frame?.contentDocument?.querySelector<HTMLTextAreaElement>('#message');
      const length = field?.value.length ?? 0;
      const now = Date.now();
      while (w.seenAt.length < length) w.seenAt.push(now);
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}

const stateDir = await makeStateDir();
// The recorded session must not end while it is measured.
const stack = await startStack(stateDir, { SESSION_IDLE_TIMEOUT_MS: '600000' });
const browser = await launchChromium();
try {
  const baselines = await serverBaselines(stack);

  const visitor = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const ingestAt: number[] = [];
  let liveAnswers = 0;
  visitor.on('request', (r) => r.url().includes(INGEST_PATH) && ingestAt.push(Date.now()));
  visitor.on('response', async (r) => {
    if (!r.url().includes(INGEST_PATH)) return;
    const answer = (await r.json().catch(() => null)) as IngestResponse | null;
    if (answer?.live) liveAnswers++;
  });
  await visitor.goto(`${stack.origin}/demo/`);
  await visitor.waitForFunction(() => 'EdgeReplay' in window);
  await visitor.click('#nav-form');
  await flushRecording(visitor);
  const sessionId = await visitor.evaluate(() => /\/s\/([^?#/]+)/.exec((window as unknown as { EdgeReplay: { getSessionUrl(): string } }).EdgeReplay.getSessionUrl())![1]!);

  const viewer = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await signIn(viewer.context(), stack);
  let measuring = false;
  // When each character's input event reaches the watch page's socket, before the playback delay.
  const arrivedAt: number[] = [];
  viewer.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) => {
      const now = Date.now();
      const message = parseLiveMessage(String(payload));
      if (!measuring || message?.type !== 'events') return;
      for (const { data } of message.events) {
        const text = (data as { source?: number; text?: unknown }).source === 5 ? (data as { text: unknown }).text : null;
        if (typeof text === 'string') while (arrivedAt.length < text.length) arrivedAt.push(now);
      }
    }),
  );
  await waitFor(async () => {
    const list = (await (await fetch(`${stack.origin}/api/sessions?project=demo&status=live`, { headers: stack.auth })).json()) as { sessions: { sessionId: string }[] };
    return list.sessions.some((s) => s.sessionId === sessionId);
  }, 'the live session row');
  await viewer.goto(`${stack.origin}/#/live/demo/${sessionId}`);
  await waitFor(async () => (await viewer.getByTestId('watch-status').getAttribute('data-status')) === 'live', 'the watch page to go live');
  await waitFor(
    () => viewer.evaluate(() => !!document.querySelector<HTMLIFrameElement>('[data-testid="live-replay"] iframe')?.contentDocument?.querySelector('#message')),
    'the replayed form',
  );

  // Warm-up: the SDK hears someone watches from its next answer (up to its idle interval away).
  await visitor.click('#message');
  await waitFor(async () => {
    await visitor.mouse.move(100 + Math.random() * 400, 300);
    return liveAnswers > 0;
  }, 'an ingest answer with live: true');
  // Does the SDK flush every LIVE_FLUSH_INTERVAL_MS on its own? Watch it for a few intervals.
  const warmStart = ingestAt.length;
  for (let i = 0; i < 20; i++) {
    await visitor.mouse.move(100 + i * 20, 320);
    await new Promise((r) => setTimeout(r, 200));
  }
  const gaps = ingestAt.slice(warmStart).map((t, i, all) => (i === 0 ? NaN : t - all[i - 1]!)).filter((g) => !Number.isNaN(g));
  if (gaps.length < 2 || percentile(gaps, 50) > LIVE_FLUSH_INTERVAL_MS * 1.5) {
    throw new Error(`the SDK does not flush every ${LIVE_FLUSH_INTERVAL_MS} ms while watched (gaps between uploads: ${gaps.join(', ')} ms)`);
  }

  measuring = true;
  await recordKeystrokes(visitor);
  await recordAppearances(viewer);
  for (let i = 0; i < KEYSTROKES; i++) {
    await visitor.keyboard.press('x');
    await new Promise((r) => setTimeout(r, KEY_GAP_MS[0] + Math.random() * (KEY_GAP_MS[1] - KEY_GAP_MS[0])));
  }
  await waitFor(() => viewer.evaluate((n) => (window as unknown as { seenAt: number[] }).seenAt.length >= n, KEYSTROKES), 'every keystroke in the watch page');
  const typedAt = await visitor.evaluate(() => (window as unknown as { typedAt: number[] }).typedAt);
  const seenAt = await viewer.evaluate(() => (window as unknown as { seenAt: number[] }).seenAt);
  const keystrokeToWatch = typedAt.map((t, i) => seenAt[i]! - t);
  const keystrokeToSocket = typedAt.map((t, i) => arrivedAt[i]! - t).filter((ms) => Number.isFinite(ms));

  const baseline = summary(baselines.ingestRoundTrip);
  const push = summary(baselines.ingestToViewer);
  const live = summary(keystrokeToWatch);
  const arrival = summary(keystrokeToSocket);
  const result = {
    benchmark: 'live',
    date: new Date().toISOString(),
    keystrokes: keystrokeToWatch.length,
    roundTrips: ROUND_TRIPS,
    playbackDelayMs: LIVE_FLUSH_INTERVAL_MS,
    ingestRoundTripMs: baseline,
    ingestToViewerMs: push,
    keystrokeToViewerSocketMs: arrival,
    keystrokeToWatchPageMs: live,
    goalP95Ms: GOAL_P95_MS,
    goalMet: live.p95 <= GOAL_P95_MS,
  };
  const ratio = (p: Percentiles) => `${(p.p50 / Math.max(1, baseline.p50)).toFixed(1)}×`;
  await saveResults('live', result, {
    live: [
      ['path', 'p50', 'p95', 'max', 'p50 vs ingest round trip'],
      ['ingest round trip (baseline)', `${baseline.p50} ms`, `${baseline.p95} ms`, `${baseline.max} ms`, '1.0×'],
      ['ingest → viewer WebSocket', `${push.p50} ms`, `${push.p95} ms`, `${push.max} ms`, ratio(push)],
      ['keystroke → its event at the watch page’s socket', `${arrival.p50} ms`, `${arrival.p95} ms`, `${arrival.max} ms`, ratio(arrival)],
      [
        `keystroke → watch page (${result.keystrokes} keys)`,
        `${live.p50} ms`,
        `${live.p95} ms`,
        `${live.max} ms`,
        `${ratio(live)} (goal p95 ≤ ${GOAL_P95_MS} ms: ${result.goalMet ? 'met' : 'not met'})`,
      ],
    ],
  });
  console.log(JSON.stringify(result, null, 2));
} finally {
  await browser.close();
  await stack.stop();
  await removeStateDir(stateDir);
}
