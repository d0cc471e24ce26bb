/**
 * Asset capture in Debian's Chromium: the fonts and images a recorded page uses reach /v1/ingest
 * once each as `er.asset` signals (data: URLs of the exact bytes), read only when same-origin or
 * CORS-readable, and never for media the privacy settings block. A second server on another
 * origin serves one image with CORS and one without.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSET_TAG, type AssetPayload } from '../../wire/index.ts';
import { flushRecording as flush } from '../browser.ts';
import { flushUntil, type Harness } from './harness.ts';
import { browserAndHarnessPerFile, startServer } from './lifecycle.ts';

let harness: Harness;
let browser: Browser;
let other: Awaited<ReturnType<typeof startServer>> | undefined;
let otherOrigin: string;

browserAndHarnessPerFile({ browser: (b) => (browser = b), harness: (h) => (harness = h) });

// ASCII only: the harness serves strings as UTF-8, so these bytes arrive exactly as written.
const FONT = 'wOF2' + 'font-bytes-'.repeat(300);
const svg = (fill: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="${fill}"/></svg>`;
const CSS_IMAGE = svg('#0a0');
const SHOWN_IMAGE = svg('#00a');
const BLOCKED_IMAGE = svg('#a00');
const CORS_IMAGE = svg('#aa0');
const NO_CORS_IMAGE = svg('#0aa');

beforeAll(async () => {
  const svgType = { 'content-type': 'image/svg+xml' };
  harness.setPage('/a/site.css', `@font-face { font-family: Shop; src: url(/a/shop.woff2) format("woff2"); }
body { font-family: Shop, sans-serif; } .hero { width: 40px; height: 40px; background: url("/a/hero.svg"); }`, { 'content-type': 'text/css' });
  harness.setPage('/a/shop.woff2', FONT, { 'content-type': 'font/woff2' });
  harness.setPage('/a/hero.svg', CSS_IMAGE, svgType);
  harness.setPage('/a/shown.svg', SHOWN_IMAGE, svgType);
  harness.setPage('/a/blocked.svg', BLOCKED_IMAGE, svgType);
  other = await startServer((req, res) => {
    const cors = req.url === '/cors.svg';
    res.writeHead(200, { ...svgType, ...(cors ? { 'access-control-allow-origin': '*' } : {}) }).end(cors ? CORS_IMAGE : NO_CORS_IMAGE);
  });
  otherOrigin = other.origin;
});

afterAll(async () => other?.close());

let pageCount = 0;

/** A page using the stylesheet, its font and background, and images of every kind. */
async function open(init: Record<string, unknown> = {}): Promise<{ page: Page; sdkFetches: string[] }> {
  const path = `/assets-page-${++pageCount}`;
  harness.setPage(
    path,
    harness.pageWithSdk(
      `<link rel="stylesheet" href="/a/site.css">
      <p class="er-unmask">Styled text</p><div class="hero"></div>
      <img id="shown" src="/a/shown.svg" data-er-unblock>
      <img id="blocked" src="/a/blocked.svg">
      <img id="cors" src="${otherOrigin}/cors.svg" data-er-unblock>
      <img id="no-cors" src="${otherOrigin}/no-cors.svg" data-er-unblock>`,
      { flushIntervalMs: 300, ...init },
    ),
  );
  const page = await browser.newPage();
  // The SDK reads assets with fetch(); the page's own loads are images, stylesheets and fonts.
  const sdkFetches: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'fetch' && !request.url().includes('/v1/')) sdkFetches.push(request.url());
  });
  await page.goto(`${harness.pageOrigin}${path}`);
  await page.waitForFunction(() => 'EdgeReplay' in window);
  return { page, sdkFetches };
}

function uploadedAssets(): AssetPayload[] {
  return harness
    .acceptedEvents()
    .filter((e) => e.type === 5 && (e.data as { tag?: string }).tag === ASSET_TAG)
    .map((e) => (e.data as { payload: AssetPayload }).payload);
}

async function waitForAssets(page: Page, count: number): Promise<AssetPayload[]> {
  await flushUntil(page, () => uploadedAssets().length >= count, () => uploadedAssets().map((a) => a.url).join(', ') || 'none', 15_000);
  return uploadedAssets();
}

const decode = (dataUrl: string) => {
  const [head, body] = dataUrl.split(',', 2) as [string, string];
  return { type: head.slice(5).replace(/;base64$/, ''), text: Buffer.from(body, 'base64').toString('utf8') };
};

describe('asset capture', () => {
  it('uploads the font, CSS image and unblocked images once each, with their exact bytes', async () => {
    const { page, sdkFetches } = await open();
    const o = harness.pageOrigin;
    const expected = [`${o}/a/shop.woff2`, `${o}/a/hero.svg`, `${o}/a/shown.svg`, `${otherOrigin}/cors.svg`];
    await waitForAssets(page, expected.length);

    // The same image again, twice, and a reflow: no URL is read or sent a second time.
    await page.evaluate(() => {
      for (let i = 0; i < 2; i++) {
        const img = document.createElement('img');
        img.src = '/a/shown.svg';
        img.setAttribute('data-er-unblock', '');
        document.body.append(img);
      }
    });
    await page.waitForTimeout(1_000);
    await flush(page);
    const assets = uploadedAssets();
    await page.close();

    expect(assets.map((a) => a.url).sort()).toEqual([...expected].sort());
    const byUrl = new Map(assets.map((a) => [a.url, decode(a.data)]));
    expect(byUrl.get(`${o}/a/shop.woff2`)).toEqual({ type: 'font/woff2', text: FONT });
    expect(byUrl.get(`${o}/a/hero.svg`)).toEqual({ type: 'image/svg+xml', text: CSS_IMAGE });
    expect(byUrl.get(`${o}/a/shown.svg`)?.text).toBe(SHOWN_IMAGE);
    expect(byUrl.get(`${otherOrigin}/cors.svg`)?.text).toBe(CORS_IMAGE);

    // Blocked media is never read; a cross-origin image without CORS is tried and unreadable.
    expect(sdkFetches).not.toContain(`${o}/a/blocked.svg`);
    expect(sdkFetches.filter((u) => u === `${o}/a/shown.svg`)).toHaveLength(1);
    const json = harness.received.map((r) => r.json).join('\n');
    expect(json).not.toContain(Buffer.from(BLOCKED_IMAGE).toString('base64'));
    expect(json).not.toContain(Buffer.from(NO_CORS_IMAGE).toString('base64'));
    // The SDK's reads are not the page's traffic.
    expect(json).not.toMatch(/"er\.network"[^}]*shop\.woff2/);
  });

  it('reads nothing with capture.assets off, and no image that privacy blocks', async () => {
    const off = await open({ capture: { assets: false } });
    await off.page.waitForTimeout(1_000);
    await flush(off.page);
    expect(off.sdkFetches).toEqual([]);
    expect(uploadedAssets()).toEqual([]);
    await off.page.close();

    harness.received.length = 0;
    // A block rule beats data-er-unblock: every image is a placeholder, so only the stylesheet's URLs are read.
    const { page, sdkFetches } = await open({ privacy: { block: 'img' } });
    const assets = await waitForAssets(page, 2);
    await page.waitForTimeout(1_000);
    await flush(page);
    await page.close();
    expect(uploadedAssets().map((a) => a.url).sort()).toEqual([`${harness.pageOrigin}/a/hero.svg`, `${harness.pageOrigin}/a/shop.woff2`]);
    expect(assets).toHaveLength(2);
    expect(sdkFetches.filter((u) => u.endsWith('.svg') && !u.endsWith('/hero.svg'))).toEqual([]);
  });
});
