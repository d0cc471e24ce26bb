import { createServer, type Server } from 'node:http';
import type { Frame, Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { renderSnippet } from '../../sdk/snippet.ts';
import type { IngestResponse } from '../../wire/index.ts';
import { useLocalStack } from './stack.ts';
import { flushRecording } from '../browser.ts';

// The session must not end on its own while it is watched; once the tab closes it ends quickly.
const VARS = { SESSION_IDLE_TIMEOUT_MS: '120000', FINAL_GRACE_MS: '500' };
const TYPED = 'Grace Hopper';
/** What the issue asks of the live view: a keystroke shows within this. */
const LIVE_BUDGET_MS = 2_000;

const env = useLocalStack(VARS);

async function replayFrame(viewer: Page): Promise<Frame> {
  const iframe = viewer.locator('[data-testid="live-replay"] iframe');
  const sandbox = await iframe.getAttribute('sandbox');
  expect(sandbox).not.toBeNull();
  expect(sandbox).not.toContain('allow-scripts');
  return (await (await iframe.elementHandle())!.contentFrame())!;
}

it('shows what a visitor types in the watch page within two seconds, masked, and then that the session ended', async () => {
  // 1. A visitor is on the demo page; the SDK's answers tell whether someone watches.
  const visitor = await env.browser.newPage();
  const answers: IngestResponse[] = [];
  visitor.on('response', async (r) => {
    if (r.url().includes('/v1/ingest') && r.status() === 200) answers.push((await r.json().catch(() => null)) as IngestResponse);
  });
  await visitor.goto(`${env.stack.origin}/demo/`);
  await visitor.waitForFunction(() => 'EdgeReplay' in window);
  await visitor.click('#nav-form');
  await flushRecording(visitor);
  await expect.poll(() => answers.length, { timeout: 15_000 }).toBeGreaterThan(0);
  expect(answers.every((a) => a.live === false)).toBe(true);

  // 2. Someone opens the Live view from the nav and watches the session.
  const viewer = await env.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await viewer.goto(`${env.stack.origin}/#/`);
  await viewer.getByTestId('nav-live').click();
  await expect.poll(() => viewer.url()).toContain('#/live?project=demo');
  const row = viewer.getByTestId('live-session-row').first();
  await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
  await row.click();
  await expect.poll(() => viewer.getByTestId('watch-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('live');
  const replay = await replayFrame(viewer);
  await expect.poll(() => replay.locator('#name').count()).toBe(1);

  // 3. The SDK learns someone watches from its next answer, and flushes every second from then on.
  const seen = answers.length;
  await visitor.mouse.move(200, 200);
  await expect.poll(() => answers.slice(seen).some((a) => a.live), { timeout: 15_000 }).toBe(true);

  // 4. What the visitor types shows in the watch page, masked like everything typed.
  await visitor.click('#name');
  const typedAt = Date.now();
  await visitor.keyboard.type(TYPED, { delay: 30 });
  const typingMs = Date.now() - typedAt;
  await expect
    .poll(() => replay.inputValue('#name'), { timeout: typingMs + LIVE_BUDGET_MS, interval: 50 })
    .toBe('*'.repeat(TYPED.length));
  expect(await replay.content()).not.toContain(TYPED);

  // 5. The visitor leaves; the watch page says the session ended and links to its replay.
  await visitor.close({ runBeforeUnload: true });
  await expect.poll(() => viewer.getByTestId('watch-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('ended');
  await viewer.getByTestId('watch-replay-link').click();
  await expect.poll(() => viewer.url()).toContain('#/sessions/demo/');
});

it('answers a watch page for a session that does not exist with an error, not a spinner', async () => {
  const viewer = await env.browser.newPage();
  await viewer.goto(`${env.stack.origin}/#/live/demo/01923f4e-7b1c-7a2d-8e3f-0123456789ab`);
  await expect.poll(() => viewer.getByTestId('watch-status').getAttribute('data-status'), { timeout: 10_000 }).toBe('error');
  expect(await viewer.getByText('The session may not exist').count()).toBe(1);
});

// Large enough to go to R2 as a reference, like most captured images and fonts.
const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="32">${Array.from({ length: 40 }, (_, i) => `<rect x="${i}" width="1" height="32" fill="#${(i * 4).toString(16).padStart(2, '0')}3366"/>`).join('')}</svg>`;
let site: Server | null = null;
afterAll(() => {
  site?.close();
  site?.closeAllConnections();
});

it("shows an image captured before the tab's latest snapshot from the stored copy", async () => {
  const page = `<!doctype html><html><head>${renderSnippet({ endpoint: env.stack.origin, projectKey: env.stack.projectKey, flushIntervalMs: 300, checkoutEveryMs: 10_000 })}</head>
    <body><img id="logo" src="/logo.svg" data-er-unblock><p id="text">hello</p></body></html>`;
  site = createServer((req, res) => {
    if (req.url === '/logo.svg') return void res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'no-store' }).end(LOGO);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  const siteOrigin = await new Promise<string>((resolve) => site!.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(site!.address() as { port: number }).port}`)));

  const visitor = await env.browser.newPage();
  await visitor.goto(`${siteOrigin}/`);
  await visitor.waitForFunction(() => 'EdgeReplay' in window);
  const sessionUrl = await visitor.evaluate(() => (window as unknown as { EdgeReplay: { getSessionUrl(): string | null } }).EdgeReplay.getSessionUrl());
  const sessionId = /#\/s\/([^?]+)/.exec(sessionUrl!)![1]!;
  // The logo is captured shortly after the first snapshot. rrweb takes the checkout's new snapshot
  // with the first event after the interval; the live catch-up starts there.
  await visitor.waitForTimeout(11_000);
  await visitor.mouse.move(100, 100);
  await visitor.mouse.move(120, 140);
  await visitor.evaluate(() => (window as unknown as { EdgeReplay: { flush(): Promise<void> } }).EdgeReplay.flush());

  const viewer = await env.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await viewer.goto(`${env.stack.origin}/#/live/demo/${sessionId}`);
  await expect.poll(() => viewer.getByTestId('watch-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('live');
  const replay = await replayFrame(viewer);
  await expect.poll(() => replay.locator('#logo').count(), { timeout: 10_000 }).toBe(1);
  expect(await replay.$eval('#logo', (img) => (img as HTMLImageElement).src)).toMatch(new RegExp(`^${env.stack.origin}/api/assets/[0-9a-f]{64}$`));
  await visitor.close({ runBeforeUnload: true });
  await viewer.close();
});
