/**
 * Storage: bytes stored per session-minute (gzip segments plus the assets R2 did not have yet)
 * beside the raw rrweb JSON of the same events and a whole-session gzip of them, for a corpus of
 * sessions recorded in Debian's Chromium on a generated shop site whose pages share a stylesheet,
 * a font and images (media unblocked, as a site that opts its images in).
 *
 * The baselines leave out the SDK's `er.asset` signals: they are what storing rrweb's own events
 * costs, with fonts and images left on the site. edge-replay's figure includes every asset byte.
 *
 * Visitors are recorded by the real SDK against the loopback ingest harness; their batches then go
 * through the pipeline's own code: the ingest worker's asset extraction, an R2 stand-in that
 * stores each hash once across the corpus, and the Durable Object's segment planning and gzip.
 * Bounded by BENCH_SESSIONS (8) visitors of BENCH_PAGES (3) pages, BENCH_DWELL_MS (3000) each.
 */
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_CONFIG } from '../durable-objects/session/config.ts';
import { planSegments } from '../durable-objects/session/segments.ts';
import { renderSnippet } from '../sdk/snippet.ts';
import { flushRecording, launchChromium } from '../tests/browser.ts';
import { startHarness } from '../tests/sdk/harness.ts';
import { ASSET_TAG, type IngestBatch, type RecordedEvent } from '../wire/index.ts';
import { extractAssets } from '../workers/ingest/assets.ts';
import { prng } from './lib/search-data.ts';
import { saveResults } from './report.ts';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 8);
const PAGES = Number(process.env.BENCH_PAGES ?? 3);
const DWELL_MS = Number(process.env.BENCH_DWELL_MS ?? 3_000);
/** Visitors recorded at the same time (separate browser contexts, so separate sessions). */
const PARALLEL = 4;
const GOAL_RATIO = 12;

/** A site's shared files: a stylesheet of the size real ones have, a font, a photo, a logo. */
function siteFiles(): Record<string, [string, Buffer]> {
  // Seeded, so every run records the same site.
  const random = prng(7);
  const words = ['card', 'grid', 'nav', 'hero', 'price', 'btn', 'list', 'item', 'badge', 'footer', 'header', 'media', 'title', 'cart'];
  const props = ['margin', 'padding', 'color', 'background-color', 'border-radius', 'font-size', 'line-height', 'gap', 'width'];
  const value = () => (random() < 0.5 ? `${Math.round(random() * 48)}px` : `#${Math.floor(random() * 0xffffff).toString(16).padStart(6, '0')}`);
  let css = `@font-face { font-family: Shop; src: url(/static/shop.woff2) format("woff2"); }
body { font-family: Shop, sans-serif; margin: 0; } .hero { height: 200px; background: url(/static/hero.jpg) center / cover; }
.logo { background: url(/static/logo.svg) no-repeat; width: 120px; height: 40px; }\n`;
  for (let i = 0; css.length < 60_000; i++) {
    const name = `${words[i % words.length]}-${Math.floor(random() * 400)}`;
    const rules = Array.from({ length: 2 + Math.floor(random() * 4) }, () => `${props[Math.floor(random() * props.length)]}: ${value()}`);
    css += `.${name}${random() < 0.3 ? ':hover' : ''} { ${rules.join('; ')} }\n`;
  }
  const noise = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
  const logo = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">${Array.from({ length: 60 }, (_, i) => `<rect x="${i * 2}" width="1" height="40" fill="#${(i * 3).toString(16).padStart(2, '0')}3366"/>`).join('')}</svg>`;
  return {
    '/static/site.css': ['text/css', Buffer.from(css)],
    // Compressed formats: random bytes compress as little as a real woff2 or JPEG does.
    '/static/shop.woff2': ['font/woff2', noise(24_000)],
    '/static/hero.jpg': ['image/jpeg', noise(48_000)],
    '/static/thumb.jpg': ['image/jpeg', noise(9_000)],
    '/static/logo.svg': ['image/svg+xml', Buffer.from(logo)],
  };
}

/** Page `n`: its own content, the shared head, the logo, thumbnails and an inline data: icon. */
function sitePage(n: number, snippet: string): string {
  const icon = `data:image/png;base64,${Buffer.alloc(1_500, 'icon').toString('base64')}`;
  const items = Array.from({ length: 40 }, (_, i) => `<li class="item-${(i * 7 + n) % 400}"><img src="/static/thumb.jpg" width="32" height="32">${i % 4 === 0 ? `<img src="${icon}" width="8">` : ''} Product ${n}-${i} <button class="btn-${i % 30}">Add</button></li>`);
  return `<!doctype html><html><head><meta charset="utf-8">${snippet}<link rel="stylesheet" href="/static/site.css"><title>Page ${n}</title></head>
<body><header class="logo"></header><nav>${Array.from({ length: 8 }, (_, i) => `<a href="/p/${i}">Section ${i}</a>`).join(' ')}</nav>
<div class="hero"></div><h1>Page ${n}</h1><input id="search" placeholder="Search"><ul>${items.join('')}</ul>
<p>${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(20)}</p></body></html>`;
}

function startSite(snippet: string): Promise<{ server: Server; origin: string }> {
  const files = siteFiles();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const page = /^\/p\/(\d+)$/.exec(path);
    if (page) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(sitePage(Number(page[1]), snippet));
    const file = files[path];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[0], 'cache-control': 'max-age=3600' }).end(file[1]);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

/** One visitor: PAGES pages, each read for DWELL_MS with mouse moves, scrolling and typing. */
async function visit(browser: Browser, origin: string, visitor: number): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page: Page = await context.newPage();
  for (let p = 0; p < PAGES; p++) {
    await page.goto(`${origin}/p/${(visitor + p * 3) % 8}`);
    await page.waitForFunction(() => 'EdgeReplay' in window);
    const until = Date.now() + DWELL_MS;
    for (let step = 0; Date.now() < until; step++) {
      await page.mouse.move(100 + ((step * 97) % 1000), 100 + ((step * 53) % 600), { steps: 4 });
      if (step % 3 === 0) await page.mouse.wheel(0, 300);
      if (step % 5 === 0) await page.click(`li:nth-child(${1 + (step % 40)}) button`).catch(() => {});
      if (step === 2) await page.fill('#search', `query ${visitor}`);
      await page.waitForTimeout(150);
    }
    await flushRecording(page);
  }
  await page.close({ runBeforeUnload: true });
  await context.close();
}

const harness = await startHarness();
const snippet = renderSnippet({ endpoint: harness.endpoint, projectKey: 'pk_bench', flushIntervalMs: 2_000, privacy: { blockAllMedia: false } });
const site = await startSite(snippet);
const browser = await launchChromium();
try {
  for (let first = 0; first < SESSIONS; first += PARALLEL) {
    const batch = Array.from({ length: Math.min(PARALLEL, SESSIONS - first) }, (_, i) => visit(browser, site.origin, first + i));
    await Promise.all(batch);
  }
  await new Promise((r) => setTimeout(r, 1_000));

  // Each session's accepted batches, in order, as the ingest route would see them.
  const sessions = new Map<string, Map<string, IngestBatch>>();
  for (const r of harness.received) {
    if (r.status !== 200) continue;
    const byKey = sessions.get(r.batch.sessionId) ?? new Map<string, IngestBatch>();
    byKey.set(`${(r.batch as { tab?: string }).tab ?? ''}:${String(r.batch.seq).padStart(8, '0')}`, JSON.parse(r.json) as IngestBatch);
    sessions.set(r.batch.sessionId, byKey);
  }

  const r2 = new Map<string, number>();
  let raw = 0, wholeGzip = 0, segmentBytes = 0, assetBytes = 0, minutes = 0, segments = 0, references = 0;
  let batchCount = 0, extractMs = 0, extractMsMax = 0;
  for (const batches of sessions.values()) {
    const ordered = [...batches.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, b]) => b);
    const original = ordered.flatMap((b) => b.events);
    // Baselines without the SDK's asset signals: what storing rrweb's own events would cost (and
    // such a replay would lose its fonts and images once the site changes).
    const json = JSON.stringify(original.filter((e) => (e.data as { tag?: unknown } | null)?.tag !== ASSET_TAG));
    raw += Buffer.byteLength(json);
    wholeGzip += gzipSync(json).length;
    minutes += (original.at(-1)!.timestamp - original[0]!.timestamp) / 60_000;

    const stored: RecordedEvent[] = [];
    for (const b of ordered) {
      const events = structuredClone(b.events);
      const started = performance.now();
      const assets = await extractAssets(events);
      const took = performance.now() - started;
      batchCount++;
      extractMs += took;
      extractMsMax = Math.max(extractMsMax, took);
      references += assets.size;
      for (const asset of assets.values()) {
        if (r2.has(asset.hash)) continue;
        r2.set(asset.hash, asset.bytes.byteLength);
        assetBytes += asset.bytes.byteLength;
      }
      stored.push(...events);
    }
    for (const segment of planSegments(stored, DEFAULT_CONFIG.segmentTargetBytes)) {
      segmentBytes += gzipSync(JSON.stringify(segment)).length;
      segments++;
    }
  }

  const perMinute = (bytes: number) => Math.round(bytes / minutes);
  const total = segmentBytes + assetBytes;
  const result = {
    benchmark: 'storage',
    date: new Date().toISOString(),
    sessions: sessions.size,
    pagesPerSession: PAGES,
    sessionMinutes: Number(minutes.toFixed(2)),
    segments,
    assetsReferenced: references,
    assetsStored: r2.size,
    rawJsonBytesPerMinute: perMinute(raw),
    wholeSessionGzipBytesPerMinute: perMinute(wholeGzip),
    storedSegmentBytesPerMinute: perMinute(segmentBytes),
    storedAssetBytesPerMinute: perMinute(assetBytes),
    storedBytesPerMinute: perMinute(total),
    rawOverStored: Number((raw / total).toFixed(2)),
    wholeGzipOverStored: Number((wholeGzip / total).toFixed(2)),
    rawOverWholeGzip: Number((raw / wholeGzip).toFixed(2)),
    /** Once the site's assets are in R2, a further session stores only its segments. */
    rawOverSegments: Number((raw / segmentBytes).toFixed(2)),
    /** What extraction adds to the ingest Worker per batch (measured in Node, hashing included). */
    extractMsPerBatch: { mean: Number((extractMs / batchCount).toFixed(2)), max: Number(extractMsMax.toFixed(2)), batches: batchCount },
    goalRawOverStored: GOAL_RATIO,
    meetsGoal: raw / total >= GOAL_RATIO,
  };
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  await saveResults('storage', result, {
    storage: [
      ['what is stored', 'per session-minute', 'smaller than raw'],
      ['raw rrweb JSON of the events (baseline)', kb(result.rawJsonBytesPerMinute), '1.00×'],
      ['whole-session gzip of the same events', kb(result.wholeSessionGzipBytesPerMinute), `${result.rawOverWholeGzip}×`],
      ['edge-replay: gzip segments (all a later session adds once its site\'s assets are stored)', kb(result.storedSegmentBytesPerMinute), `${result.rawOverSegments}×`],
      [`edge-replay: new assets in R2 (${result.assetsStored} stored for ${result.assetsReferenced} references)`, kb(result.storedAssetBytesPerMinute), ''],
      ['edge-replay: total', kb(result.storedBytesPerMinute), `${result.rawOverStored}× (goal ≥ ${GOAL_RATIO}×: ${result.meetsGoal ? 'met' : 'not met'})`],
    ],
  });
  console.log(JSON.stringify(result, null, 2));
} finally {
  await browser.close();
  await harness.close();
  site.server.close();
  site.server.closeAllConnections();
}
