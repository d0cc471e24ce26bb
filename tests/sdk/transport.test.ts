import type { Browser, Page, Worker } from 'playwright-core';
import { expect, it } from 'vitest';
import { flushRecording as flush } from '../browser.ts';
import type { EdgeReplayApi } from '../../sdk/loader/install.ts';
import { CustomTag, LIVE_FLUSH_INTERVAL_MS, customData, type RecordedEvent } from '../../wire/index.ts';
import { browserAndHarnessPerTest } from './lifecycle.ts';
import type { Harness } from './harness.ts';

/** window.EdgeReplay as pages see it, with the loader stub's queue while it is a stub. */
type Api = EdgeReplayApi & { _q?: unknown[] };
type ApiWindow = Window & { EdgeReplay: Api };

let harness: Harness;
let browser: Browser;

browserAndHarnessPerTest({ browser: (b) => (browser = b), harness: (h) => (harness = h) });

async function openPage(body = '', init: Record<string, unknown> = {}, page?: Page): Promise<Page> {
  harness.setPage('/', harness.pageWithSdk(body, init));
  const p = page ?? (await browser.newPage());
  await p.goto(`${harness.pageOrigin}/`);
  return p;
}

const track = (page: Page, name: string, props?: Record<string, unknown>) =>
  page.evaluate(([n, p]) => (window as unknown as ApiWindow).EdgeReplay.track(n, p), [name, props] as const);

/** Payloads of edge-replay's custom events with `tag`, in order. */
function customs<T = unknown>(events: RecordedEvent[], tag: string): T[] {
  return events.flatMap((e) => {
    const data = customData(e);
    return data?.tag === tag ? [data.payload as T] : [];
  });
}
const trackNames = (events: RecordedEvent[]) => customs<{ name: string }>(events, CustomTag.Track).map((p) => p.name);

/** Counts the page's requests to /v1/ingest, including ones that never reached the server. */
function watchIngest(page: Page) {
  const seen = { started: 0, failed: 0 };
  page.on('request', (r) => {
    if (r.url().includes('/v1/ingest')) seen.started++;
  });
  page.on('requestfailed', (r) => {
    if (r.url().includes('/v1/ingest')) seen.failed++;
  });
  return seen;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('masks typed input by default: no uploaded byte contains the typed text', async () => {
  const page = await openPage('<input id="t" type="text"><input id="p" type="password"><textarea id="a"></textarea>');
  await page.waitForFunction(() => 'EdgeReplay' in window);
  await page.type('#t', 'secret-text-one');
  await page.type('#p', 'secret-pass-two');
  await page.type('#a', 'secret-area-three');
  await flush(page);
  await harness.waitFor((r) => r.length > 0);
  await page.close();
  const all = harness.received.map((r) => r.json).join('\n');
  expect(all).toContain('***');
  for (const secret of ['secret-text-one', 'secret-pass-two', 'secret-area-three']) expect(all).not.toContain(secret);
});

it('resends the same batch after a 503: the server sees seq 0 twice and accepts it once', async () => {
  harness.answer = (batch, attempt) => (batch.seq === 0 && attempt === 1 ? { status: 503 } : harness.defaultAnswer(batch, attempt));
  const page = await openPage('<p>hello</p>');
  await track(page, 'first-batch');
  await flush(page); // resolves once seq 0 went through, after the retry
  const seq0 = harness.received.filter((r) => r.batch.seq === 0);
  expect(seq0.map((r) => r.status)).toEqual([503, 200]);
  expect(seq0[1].json).toBe(seq0[0].json); // the same bytes, not a re-encoded batch
  await track(page, 'second-batch');
  await flush(page);
  await page.close();
  await harness.waitFor((r) => r.some((x) => x.batch.final));
  expect(harness.received.filter((r) => r.batch.seq === 0)).toHaveLength(2);
  const events = harness.acceptedEvents();
  expect(events.filter((e) => e.type === 2)).toHaveLength(1);
  expect(trackNames(events)).toEqual(['first-batch', 'second-batch']);
  const seqs = harness.received.filter((r) => r.status === 200).map((r) => r.batch.seq);
  expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
});

it('sends nothing while offline, without using up retries, and catches up on the online event', async () => {
  const page = await openPage('<p>offline</p>', { flushIntervalMs: 300 });
  const ingest = watchIngest(page);
  await track(page, 'online-before');
  await flush(page);
  const before = ingest.started;
  expect(before).toBeGreaterThan(0);

  await page.context().setOffline(true);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  await track(page, 'while-offline-1');
  await sleep(1_500);
  await track(page, 'while-offline-2');
  await sleep(1_500);
  expect(ingest.started).toBe(before); // not even an attempt
  expect(ingest.failed).toBe(0);

  const backOnlineAt = Date.now();
  await page.context().setOffline(false);
  await harness.waitFor((r) => trackNames(r.flatMap((x) => x.batch.events)).includes('while-offline-2'), 5_000);
  expect(Date.now() - backOnlineAt).toBeLessThan(3_000);
  expect(trackNames(harness.acceptedEvents())).toEqual(['online-before', 'while-offline-1', 'while-offline-2']);
  await page.close();
});

it('sends a final batch when the page is closed', async () => {
  const page = await openPage('<p>bye</p>'); // default 5 s flush interval: nothing goes out on its own before close
  await track(page, 'last-words');
  // Close only once the sampling decision is made (a page left before it records nothing).
  await page.waitForFunction(() => (window as unknown as ApiWindow).EdgeReplay.getSessionUrl() !== null);
  expect(harness.received).toHaveLength(0);
  await page.close();
  const received = await harness.waitFor((r) => r.some((x) => x.batch.final));
  const final = received.find((x) => x.batch.final)!;
  expect(final.batch.seq).toBe(0);
  expect(final.batch.events.map((e) => e.type).slice(0, 2)).toEqual([4, 2]);
  expect(trackNames(final.batch.events)).toEqual(['last-words']);
});

it('buffer mode uploads nothing until an error, then the buffered past (from a full snapshot) and the rest', async () => {
  const page = await openPage('<p>buffered</p>', { bufferMode: true, flushIntervalMs: 300 });
  const ingest = watchIngest(page);
  await track(page, 'before-error');
  await flush(page);
  await sleep(1_000);
  expect(ingest.started).toBe(0);
  expect(await page.evaluate(() => (window as unknown as ApiWindow).EdgeReplay.getSessionUrl())).toBeNull();

  await page.evaluate(() => {
    setTimeout(() => {
      throw new Error('boom-in-page');
    }, 0);
  });
  await harness.waitFor((r) => r.length > 0);
  await track(page, 'after-error');
  await flush(page);
  const events = harness.acceptedEvents();
  expect(events.slice(0, 2).map((e) => e.type)).toEqual([4, 2]);
  expect(trackNames(events)).toEqual(['before-error', 'after-error']);
  expect(await page.evaluate(() => (window as unknown as ApiWindow).EdgeReplay.getSessionUrl())).toMatch(/#\/s\//);

  // The switch to full recording is part of the session: a reload uploads at once.
  const sessionId = harness.received[0].batch.sessionId;
  await page.reload();
  await track(page, 'after-reload');
  await flush(page);
  expect(trackNames(harness.acceptedEvents(sessionId))).toContain('after-reload');
  await page.close();
});

it('continues the session and its seq numbering across a reload', async () => {
  const page = await openPage('<p>one</p>');
  await track(page, 'page-1');
  await flush(page);
  const sessionId = harness.received[0].batch.sessionId;
  await page.reload();
  await track(page, 'page-2');
  await flush(page);
  const batches = harness.received.filter((r) => r.status === 200).map((r) => r.batch);
  expect(new Set(batches.map((b) => b.sessionId))).toEqual(new Set([sessionId]));
  expect(new Set(batches.map((b) => b.tab)).size).toBe(1); // the tab's stream continues
  const seqs = batches.map((b) => b.seq);
  expect(seqs).toEqual(seqs.map((_, i) => i)); // 0, 1 (final of page 1), 2, ...
  expect(batches.some((b) => b.final)).toBe(true);
  expect(trackNames(harness.acceptedEvents(sessionId))).toEqual(['page-1', 'page-2']);
  // Both page loads open with a full snapshot.
  expect(harness.acceptedEvents(sessionId).filter((e) => e.type === 2)).toHaveLength(2);
  await page.close();
});

it('starts a new session when the visitor comes back after 30 minutes idle', async () => {
  const page = await openPage('<p>idle</p>');
  await track(page, 'first-visit');
  await flush(page);
  const first = harness.received[0].batch.sessionId;
  // Runs before the SDK on the next load, after the old page stored the visit at pagehide.
  await page.addInitScript(() => {
    const raw = localStorage.getItem('edgeReplay.visit');
    if (!raw || sessionStorage.getItem('test.aged')) return;
    const s = JSON.parse(raw) as { startedAt: number; lastActivityAt: number };
    s.startedAt -= 31 * 60_000;
    s.lastActivityAt -= 31 * 60_000;
    localStorage.setItem('edgeReplay.visit', JSON.stringify(s));
    sessionStorage.setItem('test.aged', '1');
  });
  await page.reload();
  await track(page, 'second-visit');
  await flush(page);
  const second = harness.received.at(-1)!.batch;
  expect(second.sessionId).not.toBe(first);
  expect(harness.acceptedEvents(second.sessionId).slice(0, 2).map((e) => e.type)).toEqual([4, 2]);
  expect(harness.received.filter((r) => r.batch.sessionId === second.sessionId).map((r) => r.batch.seq)[0]).toBe(0);
  expect(trackNames(harness.acceptedEvents(second.sessionId))).toEqual(['second-visit']);
  expect(trackNames(harness.acceptedEvents(first))).toEqual(['first-visit']);
  await page.close();
});

it('sampleRate 0 from init sends nothing, also after a reload', async () => {
  const page = await openPage('<p>unsampled</p>', { sampleRate: 0, flushIntervalMs: 250 });
  const ingest = watchIngest(page);
  await track(page, 'not-sent');
  await flush(page);
  await sleep(800);
  await page.reload();
  await track(page, 'not-sent-either');
  await flush(page);
  await sleep(800);
  await page.close();
  await sleep(300);
  expect(ingest.started).toBe(0);
  expect(harness.received).toHaveLength(0);
  // Decided once: the reload did not ask the remote config again.
  expect(harness.configRequests).toHaveLength(1);
});

it('sampleRate 0 from the remote config sends nothing, even when it answers late', async () => {
  harness.config = { sampleRate: 0, bufferMode: false };
  harness.configDelayMs = 1_000;
  const page = await openPage('<p>remote</p>', { flushIntervalMs: 250 });
  const ingest = watchIngest(page);
  await track(page, 'not-sent');
  await sleep(600); // several flush intervals while the config is still on its way
  await flush(page);
  await sleep(500);
  await page.close();
  await sleep(300);
  expect(harness.configRequests).toHaveLength(1);
  expect(harness.configRequests[0]).toBe('/v1/config?k=pk_test');
  expect(ingest.started).toBe(0);
  expect(harness.received).toHaveLength(0);
});

it('records calls made before the recorder arrives, in order, in the first batch', async () => {
  const release = harness.holdRecorder();
  harness.setPage('/', harness.pageWithSdk('<p>early</p>'));
  const page = await browser.newPage();
  await page.goto(`${harness.pageOrigin}/`, { waitUntil: 'domcontentloaded' });
  await page.evaluate(() => {
    const api = (window as unknown as ApiWindow).EdgeReplay;
    api.identify('user-early', { plan: 'pro' });
    api.track('early-event', { n: 1 });
    (window as unknown as { flushed: Promise<string> }).flushed = api.flush().then(() => 'flushed');
  });
  expect(harness.recorderRequests).toEqual(['/sdk/v1/recorder.js']);
  expect(await page.evaluate(() => Array.isArray((window as unknown as ApiWindow).EdgeReplay._q))).toBe(true);
  await sleep(300);
  expect(harness.received).toHaveLength(0);
  release();
  expect(await page.evaluate(() => (window as unknown as { flushed: Promise<string> }).flushed)).toBe('flushed');
  expect(harness.received.length).toBeGreaterThan(0); // flush() settled after the upload
  const first = harness.received[0].batch;
  expect(first.seq).toBe(0);
  expect(customs(first.events, CustomTag.Identify)).toEqual([{ userId: 'user-early', traits: { plan: 'pro' } }]);
  expect(customs(first.events, CustomTag.Track)).toEqual([{ name: 'early-event', props: { n: 1 } }]);
  const order = first.events.map((e) => customData(e)?.tag).filter((t) => t === CustomTag.Identify || t === CustomTag.Track);
  expect(order).toEqual([CustomTag.Identify, CustomTag.Track]);
  await page.close();
});

it('uploads nothing for invalid init() options, says which one, and leaves the page as it was', async () => {
  // recorder.js records from init() on; the client, which checks the upload options, stops it.
  const page = await browser.newPage();
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' && m.text().startsWith('[edge-replay]')) warnings.push(m.text());
  });
  const ingest = watchIngest(page);
  await openPage('<p>bad options</p>', { sampleRate: 2 }, page);
  await expect.poll(() => warnings, { timeout: 5_000 }).toContainEqual(expect.stringContaining('sampleRate must be a number from 0 to 1'));
  const native = await page.evaluate(() => [fetch, XMLHttpRequest.prototype.send, console.log, history.pushState].every((f) => /\[native code\]/.test(String(f))));
  expect(native).toBe(true);
  await page.evaluate(() => (window as unknown as ApiWindow).EdgeReplay.flush());
  await page.close();
  await sleep(200);
  expect(ingest.started).toBe(0);
  expect(harness.received).toEqual([]);
});

it('records identify, track and setProperties as custom events and ignores bad input with a warning', async () => {
  const page = await openPage('<p>api</p>');
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' && m.text().startsWith('[edge-replay]')) warnings.push(m.text());
  });
  const startedAt = Date.now();
  await page.evaluate(() => {
    const api = (window as unknown as ApiWindow).EdgeReplay;
    api.identify('u-42', { plan: 'team', nested: { x: 1 } });
    api.track('x'.repeat(201));
    api.track('Signed Up', { source: 'ad', long: 'y'.repeat(2_000) });
    api.setProperties({ tier: 'gold', seats: 5 });
  });
  await flush(page);
  const events = harness.acceptedEvents();
  expect(customs(events, CustomTag.Identify)).toEqual([{ userId: 'u-42', traits: { plan: 'team' } }]);
  expect(customs(events, CustomTag.Track)).toEqual([{ name: 'Signed Up', props: { source: 'ad', long: 'y'.repeat(1_024) } }]);
  expect(customs(events, CustomTag.Properties)).toEqual([{ props: { tier: 'gold', seats: 5 } }]);
  expect(warnings.some((w) => w.includes('identify()'))).toBe(true);
  expect(warnings.some((w) => w.includes('track()'))).toBe(true);

  const url = await page.evaluate(() => (window as unknown as ApiWindow).EdgeReplay.getSessionUrl());
  const { sessionId, tab } = harness.received[0].batch;
  const m = new RegExp(`^${harness.endpoint}/#/s/${sessionId}\\?tab=${tab}&at=(\\d+)$`).exec(url ?? '');
  expect(m).not.toBeNull();
  // A wall-clock moment within this test.
  expect(Number(m![1])).toBeGreaterThanOrEqual(startedAt);
  expect(Number(m![1])).toBeLessThanOrEqual(Date.now());
  await page.close();
});

it('records two tabs of one visit under one session, each tab with its own id and seq from 0', async () => {
  const context = await browser.newContext();
  const a = await openPage('<p>tab a</p>', {}, await context.newPage());
  await track(a, 'in-a');
  await flush(a);
  const b = await context.newPage();
  await b.goto(`${harness.pageOrigin}/`);
  await track(b, 'in-b');
  await flush(b);
  await track(a, 'in-a-again');
  await flush(a);
  const accepted = harness.received.filter((r) => r.status === 200).map((r) => r.batch);
  expect(new Set(accepted.map((x) => x.sessionId)).size).toBe(1);
  const tabs = [...new Set(accepted.map((x) => x.tab))];
  expect(tabs).toHaveLength(2);
  const [tabA, tabB] = tabs;
  for (const tab of tabs) {
    const seqs = accepted.filter((x) => x.tab === tab).map((x) => x.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i));
  }
  const sessionId = accepted[0].sessionId;
  expect(trackNames(harness.acceptedEvents(sessionId, tabA))).toEqual(['in-a', 'in-a-again']);
  expect(trackNames(harness.acceptedEvents(sessionId, tabB))).toEqual(['in-b']);
  // Each tab's stream opens with its own full snapshot.
  for (const tab of tabs) expect(harness.acceptedEvents(sessionId, tab).slice(0, 2).map((e) => e.type)).toEqual([4, 2]);
  await context.close();
});

it('decides sampling once per visit: a later tab neither asks again nor decides otherwise', async () => {
  harness.config = { sampleRate: 1, bufferMode: false };
  const context = await browser.newContext();
  const a = await openPage('<p>decided</p>', {}, await context.newPage());
  await track(a, 'sampled');
  await flush(a);
  harness.config = { sampleRate: 0, bufferMode: false };
  const b = await context.newPage();
  await b.goto(`${harness.pageOrigin}/`);
  await track(b, 'second-tab');
  await flush(b);
  expect(harness.configRequests).toHaveLength(1);
  const sessions = new Set(harness.received.map((r) => r.batch.sessionId));
  expect(sessions.size).toBe(1);
  expect(trackNames(harness.acceptedEvents())).toContain('second-tab');
  await context.close();
});

it('gives a duplicated tab (copied sessionStorage) its own tab id in the same session', async () => {
  const context = await browser.newContext();
  const a = await openPage('<p>tab</p>', {}, await context.newPage());
  await track(a, 'tab-a');
  await flush(a);
  const { sessionId, tab: tabA } = harness.received[0].batch;
  const stored = await a.evaluate(() => sessionStorage.getItem('edgeReplay.tab'));
  expect(JSON.parse(stored!)).toMatchObject({ tab: tabA, sessionId });

  // What "Duplicate tab" does: a new tab starts with a copy of the original's sessionStorage.
  const b = await context.newPage();
  harness.setPage('/blank', '<!doctype html><title>blank</title>');
  await b.goto(`${harness.pageOrigin}/blank`);
  await b.evaluate((value) => sessionStorage.setItem('edgeReplay.tab', value!), stored);
  await b.goto(`${harness.pageOrigin}/`);
  await track(b, 'tab-b');
  await flush(b);
  await track(a, 'tab-a-again');
  await flush(a);

  expect(new Set(harness.received.map((r) => r.batch.sessionId))).toEqual(new Set([sessionId]));
  const tabs = new Set(harness.received.map((r) => r.batch.tab));
  expect(tabs.size).toBe(2);
  const tabB = [...tabs].find((t) => t !== tabA)!;
  expect(trackNames(harness.acceptedEvents(sessionId, tabA))).toEqual(['tab-a', 'tab-a-again']);
  expect(trackNames(harness.acceptedEvents(sessionId, tabB))).toEqual(['tab-b']);
  expect(harness.received.filter((r) => r.batch.tab === tabB)[0].batch.seq).toBe(0);
  // Nothing was refused as a duplicate of the other tab's seq.
  const keys = harness.received.map((r) => `${r.batch.tab}:${r.batch.seq}`);
  expect(new Set(keys).size).toBe(keys.length);
  await context.close();
});

it('flushes every LIVE_FLUSH_INTERVAL_MS while answers say live, and at its own interval again after', async () => {
  harness.live = true;
  const page = await openPage('<p>watched</p>', { flushIntervalMs: 10_000 });
  await track(page, 'first');
  await flush(page); // its answer says live
  const arrivals = async (name: string) => {
    const sentAt = Date.now();
    await track(page, name);
    await harness.waitFor((r) => trackNames(r.flatMap((x) => x.batch.events)).includes(name), 4_000);
    return Date.now() - sentAt;
  };
  // Cut within about a second, not the 10 s configured.
  expect(await arrivals('live-1')).toBeLessThan(LIVE_FLUSH_INTERVAL_MS + 1_500);
  harness.live = false;
  expect(await arrivals('live-2')).toBeLessThan(LIVE_FLUSH_INTERVAL_MS + 1_500); // this answer says not live
  await track(page, 'not-live');
  await sleep(3_000);
  expect(trackNames(harness.received.flatMap((x) => x.batch.events))).not.toContain('not-live');
  await page.close();
});

it('compresses in a blob: worker, and on the main thread when a CSP forbids workers', async () => {
  const page = await browser.newPage();
  const workers: Worker[] = [];
  page.on('worker', (w) => workers.push(w));
  await openPage('<p>worker</p>', {}, page);
  await track(page, 'via-worker');
  await flush(page);
  await track(page, 'via-worker-again');
  await flush(page);
  expect(workers.map((w) => w.url().slice(0, 5))).toEqual(['blob:']);
  // Still running its message handler: a worker that failed is terminated and replaced by the main thread.
  expect(await workers[0].evaluate(() => typeof (self as unknown as { onmessage: unknown }).onmessage)).toBe('function');
  expect(trackNames(harness.acceptedEvents())).toEqual(['via-worker', 'via-worker-again']);
  await page.close();

  const strict = await browser.newPage();
  const strictWorkers: string[] = [];
  strict.on('worker', (w) => strictWorkers.push(w.url()));
  harness.setPage('/csp', harness.pageWithSdk('<p>csp</p>'), { 'content-security-policy': "worker-src 'none'" });
  await strict.goto(`${harness.pageOrigin}/csp`);
  await track(strict, 'via-main-thread');
  await flush(strict);
  await track(strict, 'still-main-thread');
  await flush(strict);
  expect(strictWorkers).toEqual([]);
  const sessionId = harness.received.at(-1)!.batch.sessionId;
  expect(trackNames(harness.acceptedEvents(sessionId))).toEqual(['via-main-thread', 'still-main-thread']);
  await strict.close();
});

it('stop() sends the rest as final; start() resumes the same session with a fresh snapshot', async () => {
  const page = await openPage('<p>stop</p>');
  await track(page, 'before-stop');
  await page.evaluate(() => (window as unknown as ApiWindow).EdgeReplay.stop());
  await harness.waitFor((r) => r.some((x) => x.batch.final));
  await track(page, 'while-stopped');
  await page.evaluate(() => (window as unknown as ApiWindow).EdgeReplay.start());
  await track(page, 'after-start');
  await flush(page);
  const sessions = new Set(harness.received.map((r) => r.batch.sessionId));
  expect(sessions.size).toBe(1);
  const events = harness.acceptedEvents();
  expect(trackNames(events)).toEqual(['before-stop', 'after-start']);
  expect(events.filter((e) => e.type === 2)).toHaveLength(2);
  await page.close();
});


it('records from init() on while the client script loads, and uploads all of it once it is there', async () => {
  const release = harness.holdChunks();
  harness.setPage('/', harness.pageWithSdk('<p id="early">before</p><button id="noop">Nothing</button>'));
  const page = await browser.newPage();
  await page.goto(`${harness.pageOrigin}/`, { waitUntil: 'domcontentloaded' }); // the held script holds the load event
  await page.waitForFunction(() => !Array.isArray((window as unknown as ApiWindow).EdgeReplay._q));
  const clickedAt = Date.now();
  await page.evaluate(async () => {
    document.querySelector('#early')!.textContent = 'changed while the client loads';
    console.warn('early warning');
    (window as unknown as ApiWindow).EdgeReplay.track('early-track');
    await fetch('/early-request', { method: 'post', body: 'abc' });
  });
  // Rage and dead clicks are worked out by the client, from what was recorded before it came (the
  // dead-click window ends before it comes: its script leaving the page is a DOM change).
  for (let i = 0; i < 4; i++) await page.click('#noop');
  await sleep(Math.max(300, clickedAt + 3_300 - Date.now()));
  expect(harness.chunkRequests).toHaveLength(1);
  expect(harness.chunkRequests[0]).toMatch(/^\/sdk\/v1\/main\.[0-9a-f]{12}\.js$/);
  expect(harness.received).toHaveLength(0);
  release();
  await flush(page);
  const events = harness.acceptedEvents();
  expect(events.slice(0, 2).map((e) => e.type)).toEqual([4, 2]);
  expect(events.some((e) => e.type === 3 && (e.data as { source: number; texts?: unknown[] }).source === 0)).toBe(true);
  expect(customs<{ level: string }>(events, 'er.console').map((c) => c.level)).toEqual(['warn']);
  expect(trackNames(events)).toEqual(['early-track']);
  const requests = customs<{ url: string }>(events, CustomTag.Network).filter((r) => r.url.endsWith('/early-request'));
  expect(requests).toEqual([expect.objectContaining({ method: 'POST', status: 404, requestBytes: 3 })]);
  expect(customs(events, CustomTag.Click)).toHaveLength(4);
  expect(customs(events, CustomTag.RageClick)).toEqual([expect.objectContaining({ selector: '#noop', count: 4 })]);
  expect(customs(events, CustomTag.DeadClick)).toEqual([expect.objectContaining({ selector: '#noop', text: '*******' })]);
  await page.close();
});

it('leaves the page alone when the client script cannot load: no upload, no error, one warning', async () => {
  harness.failChunks = true;
  const page = await browser.newPage();
  const warnings: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' && m.text().startsWith('[edge-replay]')) warnings.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await openPage('<p>no client</p>', {}, page);
  await page.waitForFunction(() => !Array.isArray((window as unknown as ApiWindow).EdgeReplay._q));
  const flushed = page.evaluate(() => (window as unknown as ApiWindow).EdgeReplay.flush().then(() => 'settled'));
  expect(await flushed).toBe('settled'); // once the last attempt failed
  expect(harness.chunkRequests.length).toBeGreaterThanOrEqual(3);
  await page.evaluate(() => (window as unknown as ApiWindow).EdgeReplay.track('after-failure'));
  expect(await page.evaluate(() => (window as unknown as ApiWindow).EdgeReplay.getSessionUrl())).toBeNull();
  expect(harness.received).toHaveLength(0);
  expect(errors).toEqual([]);
  expect(warnings.filter((w) => w.includes('could not load'))).toHaveLength(1);
  await page.close();
});
