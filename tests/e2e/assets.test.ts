/**
 * A site on its own origin is recorded by the local stack; then the site goes away. The replay in
 * the dashboard still shows its stylesheet, its font-face and background rules, and its image:
 * everything now comes from /api/assets, stored once by hash.
 */
import { createServer, type Server } from 'node:http';
import type { Frame } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { renderSnippet } from '../../sdk/snippet.ts';
import { useLocalStack } from './stack.ts';

const FAST_END = { SESSION_IDLE_TIMEOUT_MS: '5000', FINAL_GRACE_MS: '500' };
// Large enough to go to R2 (smaller captures stay inline as data: URLs, also fine for a replay).
const stripes = (n: number) => Array.from({ length: n }, (_, i) => `<rect x="${i}" width="1" height="8" fill="#${(i * 4).toString(16).padStart(2, '0')}6633"/>`).join('');
const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="32"><rect width="64" height="32" fill="#3366cc"/>${stripes(30)}</svg>`;
const BACKGROUND = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="8">${stripes(40)}</svg>`;

const env = useLocalStack(FAST_END);
let site: Server | null = null;

afterAll(() => site?.closeAllConnections());

function startSite(): Promise<string> {
  const css = `.brand { color: rgb(12, 34, 56); font-size: 31px; padding: 3px; }
.banner { width: 80px; height: 20px; background-image: url(/background.svg); }
${'.filler-rule { margin: 0 auto; }\n'.repeat(40)}`;
  const files: Record<string, [string, string]> = {
    '/site.css': ['text/css', css],
    '/logo.svg': ['image/svg+xml', LOGO],
    '/background.svg': ['image/svg+xml', BACKGROUND],
    '/': [
      'text/html; charset=utf-8',
      `<!doctype html><html><head>${renderSnippet({ endpoint: env.stack.origin, projectKey: env.stack.projectKey, flushIntervalMs: 300 })}
      <link rel="stylesheet" href="/site.css"></head>
      <body><h1 class="brand er-unmask">Shop</h1><div class="banner"></div><img id="logo" src="/logo.svg" data-er-unblock></body></html>`,
    ],
  };
  site = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://x').pathname];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' }).end(file[1]);
  });
  return new Promise((resolve) => site!.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(site!.address() as { port: number }).port}`)));
}

it('replays the stylesheet, background and image from stored assets after the site is gone', async () => {
  const siteOrigin = await startSite();
  const visitor = await env.browser.newPage();
  await visitor.goto(`${siteOrigin}/`);
  await visitor.waitForFunction(() => 'EdgeReplay' in window);
  // The image is read in idle time after the snapshot; give it a moment, then send everything.
  await visitor.waitForTimeout(1_500);
  const sessionUrl = await visitor.evaluate(async () => {
    const api = (window as unknown as { EdgeReplay: { flush(): Promise<void>; getSessionUrl(): string | null } }).EdgeReplay;
    await api.flush();
    return api.getSessionUrl();
  });
  expect(sessionUrl).toBeTruthy();
  const sessionId = /#\/s\/([^?]+)/.exec(sessionUrl!)![1]!;
  await visitor.close({ runBeforeUnload: true });

  // The site goes away: nothing may load from it any more.
  await new Promise<void>((resolve) => site!.close(() => resolve()));
  site!.closeAllConnections();
  await expect(fetch(`${siteOrigin}/site.css`)).rejects.toThrow();

  await expect
    .poll(async () => (await (await fetch(`${env.stack.origin}/api/find-session/${sessionId}`, { headers: env.stack.auth })).json()).status, { timeout: 45_000, interval: 500 })
    .toBe('ended');

  const viewer = await env.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const siteRequests: string[] = [];
  viewer.on('request', (r) => r.url().startsWith(siteOrigin) && siteRequests.push(r.url()));
  await viewer.goto(`${env.stack.origin}/#/s/${sessionId}?t=100000`);
  await expect.poll(() => viewer.getByTestId('player-status').first().textContent(), { timeout: 30_000 }).toBe('paused');

  const iframe = viewer.locator('[data-testid="replay"] iframe');
  const replay = (await (await iframe.elementHandle())!.contentFrame()) as Frame;
  await expect.poll(() => replay.$eval('#logo', (img) => (img as HTMLImageElement).naturalWidth), { timeout: 10_000 }).toBe(64);
  const seen = await replay.evaluate(() => {
    const brand = getComputedStyle(document.querySelector('.brand')!);
    return {
      color: brand.color,
      fontSize: brand.fontSize,
      background: getComputedStyle(document.querySelector('.banner')!).backgroundImage,
      logo: (document.querySelector('#logo') as HTMLImageElement).src,
    };
  });
  expect(seen.color).toBe('rgb(12, 34, 56)');
  expect(seen.fontSize).toBe('31px');
  expect(seen.background).toMatch(new RegExp(`^url\\("${env.stack.origin}/api/assets/[0-9a-f]{64}"\\)$`));
  expect(seen.logo).toMatch(new RegExp(`^${env.stack.origin}/api/assets/[0-9a-f]{64}$`));
  expect(siteRequests).toEqual([]);
  await viewer.close();
});
