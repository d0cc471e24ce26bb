/**
 * The event stream the load, cost and replay benchmarks replay: a real recording of the demo page,
 * made by the built SDK in Debian's Chromium while a scripted visitor uses the page at a human
 * pace (reading pauses, typing at ~8 characters a second). Kept under .wrangler/ (not in git).
 *
 * It is recorded again when what shapes its events changes: rrweb, the SDK's capture, privacy
 * and recording code, the wire format, the demo page, this script's visit or BENCH_RECORD_MS;
 * not when the SDK's batching, upload, session or API code changes, which the benchmarks that
 * replay it stand in for, and which would cost every run a fresh 45 s recording.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { REPO } from '../../scripts/paths.ts';
import { renderSnippet } from '../../sdk/snippet.ts';
import { flushRecording, launchChromium } from '../../tests/browser.ts';
import { PROJECT_KEY, startHarness } from '../../tests/sdk/harness.ts';
import { WIRE_VERSION, type RecordedEvent } from '../../wire/index.ts';

const CACHE = join(REPO, '.wrangler/bench/corpus.json');
const RECORD_MS = Number(process.env.BENCH_RECORD_MS ?? 45_000);
const DEMO = join(REPO, 'demo');
/** The demo page and the SDK code that decides which events a visit yields. */
const SHAPING_DIRS = [DEMO, ...['capture', 'privacy', 'recording'].map((dir) => join(REPO, 'sdk', dir))];

export interface Corpus {
  /** sha-256 of what shaped the recording (see inputsKey). */
  key: string;
  recordedAt: string;
  durationMs: number;
  events: RecordedEvent[];
}

export async function loadCorpus(): Promise<Corpus> {
  const key = await inputsKey();
  try {
    const cached = JSON.parse(await readFile(CACHE, 'utf8')) as Corpus;
    if (cached.key === key && cached.events.length > 0) return cached;
  } catch {
    // none yet
  }
  console.error(`recording the demo page for ${RECORD_MS / 1000} s (cached in ${CACHE})…`);
  const corpus = { key, ...(await recordDemoVisit()) };
  await mkdir(join(CACHE, '..'), { recursive: true });
  await writeFile(CACHE, JSON.stringify(corpus));
  return corpus;
}

async function inputsKey(): Promise<string> {
  const hash = createHash('sha256');
  const { version } = JSON.parse(await readFile(join(REPO, 'node_modules/@rrweb/record/package.json'), 'utf8')) as { version: string };
  hash.update(`rrweb ${version}, wire ${WIRE_VERSION}, ${RECORD_MS} ms\n`);
  hash.update(await readFile(fileURLToPath(import.meta.url)));
  for (const dir of SHAPING_DIRS) {
    const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile() && !f.name.endsWith('.test.ts'));
    for (const path of files.map((f) => join(f.parentPath, f.name)).sort()) hash.update(path.slice(REPO.length)).update(await readFile(path));
  }
  return hash.digest('hex');
}

async function recordDemoVisit(): Promise<Omit<Corpus, 'key'>> {
  const harness = await startHarness();
  const browser = await launchChromium();
  try {
    const html = (await readFile(join(DEMO, 'index.html'), 'utf8')).replace(
      '<!--EDGE_REPLAY_SNIPPET-->',
      renderSnippet({ endpoint: harness.endpoint, projectKey: PROJECT_KEY }),
    );
    harness.setPage('/demo/', html);
    for (const [file, type] of [['app.js', 'text/javascript'], ['style.css', 'text/css'], ['logo.svg', 'image/svg+xml']] as const) {
      harness.setPage(`/demo/${file}`, await readFile(join(DEMO, file), 'utf8'), { 'content-type': type });
    }
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const started = Date.now();
    await page.goto(`${harness.pageOrigin}/demo/`);
    await page.waitForFunction(() => 'EdgeReplay' in window);
    for (let round = 0; Date.now() - started < RECORD_MS; round++) await visitOnce(page, round);
    await flushRecording(page);
    await page.close({ runBeforeUnload: true });
    await harness.waitFor((received) => received.some((r) => r.batch.final));
    const sessions = new Set(harness.received.map((r) => r.batch.sessionId));
    if (sessions.size !== 1) throw new Error(`expected one recorded session, got ${sessions.size}`);
    return { recordedAt: new Date().toISOString(), durationMs: Date.now() - started, events: harness.acceptedEvents() };
  } finally {
    await browser.close();
    await harness.close();
  }
}

const pause = (page: Page, ms: number) => page.waitForTimeout(ms);

/** One round of a visitor reading, filling in the form and using the todo list. */
async function visitOnce(page: Page, round: number): Promise<void> {
  await page.click('#nav-home');
  await glide(page, 200, 250, 700, 420);
  await page.mouse.wheel(0, 300);
  await pause(page, 1_500);
  await page.mouse.wheel(0, -300);
  if (round % 3 === 2) await page.click('#throw-error');

  await page.click('#nav-form');
  await pause(page, 800);
  await page.click('#name');
  await page.keyboard.type(`Visitor ${round}`, { delay: 120 });
  await page.click('#email');
  await page.keyboard.type(`visitor${round}@example.com`, { delay: 110 });
  await page.selectOption('#plan', ['free', 'pro', 'team'][round % 3]!);
  await page.click('#newsletter');
  await page.click('#message');
  await page.keyboard.type('Looks good, signing up.', { delay: 130 });
  await glide(page, 640, 600, 520, 700);
  await page.click('#submit-form');
  await pause(page, 1_200);

  await page.click('#nav-list');
  await page.click('#new-item');
  await page.keyboard.type(`Task ${round}`, { delay: 120 });
  await page.click('#add-item');
  await pause(page, 600);
  await page.click('#todo-list li:first-child .item-text');
  if (round % 2) await page.click('#todo-list li:last-child .remove');
  await glide(page, 300, 300, 900, 500);
  await pause(page, 1_000);
}

/** Moves the mouse in small steps, as a hand does; rrweb samples the path. */
async function glide(page: Page, x0: number, y0: number, x1: number, y1: number): Promise<void> {
  for (let i = 0; i <= 12; i++) {
    await page.mouse.move(x0 + ((x1 - x0) * i) / 12, y0 + ((y1 - y0) * i) / 12);
    await pause(page, 60);
  }
}
