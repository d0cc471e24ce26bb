/**
 * Upload size: bytes the SDK sends per recorded minute on the demo page, beside the raw rrweb
 * JSON of the same events (what an SDK that sends uncompressed JSON would upload). Runs the real
 * local stack (`npm start`'s script) and a scripted visitor in Debian's Chromium for a bounded time.
 */
import { gunzipSync } from 'node:zlib';
import { flushRecording, launchChromium } from '../tests/browser.ts';
import { makeStateDir, removeStateDir, startStack } from '../tests/e2e/stack.ts';
import { saveResults } from './report.ts';

const VISIT_MS = Number(process.env.BENCH_VISIT_MS ?? 30_000);

const stateDir = await makeStateDir();
const stack = await startStack(stateDir, {});
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const uploads: Buffer[] = [];
  page.on('request', (request) => {
    const body = request.postDataBuffer();
    if (request.url().includes('/v1/ingest') && body) uploads.push(body);
  });
  await page.goto(`${stack.origin}/demo/`);
  await page.waitForFunction(() => 'EdgeReplay' in window);
  const started = Date.now();
  let step = 0;
  // A visitor who keeps using the app: navigates, types, adds and removes items, moves the mouse, scrolls.
  while (Date.now() - started < VISIT_MS) {
    await page.click('#nav-form');
    await page.fill('#name', `Visitor ${step}`);
    await page.type('#message', 'Hello from the bytes benchmark. ', { delay: 20 });
    await page.selectOption('#plan', ['free', 'pro', 'team'][step % 3]!);
    await page.click('#submit-form');
    await page.click('#nav-list');
    await page.fill('#new-item', `Item ${step}`);
    await page.click('#add-item');
    await page.click('#todo-list li:first-child .item-text');
    if (step % 2) await page.click('#todo-list li:last-child .remove');
    for (let i = 0; i < 10; i++) await page.mouse.move(100 + i * 40, 200 + ((i * 37) % 300));
    await page.mouse.wheel(0, 400);
    await page.click('#nav-home');
    step++;
  }
  await flushRecording(page);
  const recordedMs = Date.now() - started;
  await page.close({ runBeforeUnload: true });
  await new Promise((r) => setTimeout(r, 1_000));

  const wireBytes = uploads.reduce((n, b) => n + b.length, 0);
  const rawBytes = uploads.reduce((n, b) => {
    const batch = JSON.parse(gunzipSync(b).toString('utf8')) as { events: unknown[] };
    return n + Buffer.byteLength(JSON.stringify(batch.events));
  }, 0);
  const perMinute = (bytes: number) => (bytes * 60_000) / recordedMs;
  const result = {
    benchmark: 'bytes',
    date: new Date().toISOString(),
    recordedMs,
    steps: step,
    batches: uploads.length,
    rawJsonBytesPerMinute: Math.round(perMinute(rawBytes)),
    uploadedBytesPerMinute: Math.round(perMinute(wireBytes)),
    rawOverUploaded: Number((rawBytes / wireBytes).toFixed(2)),
  };
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  await saveResults('bytes', result, {
    bytes: [
      ['what', 'per recorded minute', 'ratio'],
      ['raw rrweb JSON of the events (baseline)', kb(result.rawJsonBytesPerMinute), '1.00×'],
      ['uploaded by edge-replay (gzip batches)', kb(result.uploadedBytesPerMinute), `${result.rawOverUploaded}× smaller`],
    ],
  });
  console.log(JSON.stringify(result, null, 2));
} finally {
  await browser.close();
  await stack.stop();
  await removeStateDir(stateDir);
}
