import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { launchChromium } from '../browser.ts';
import { startHarness, type Harness } from './harness.ts';

let harness: Harness;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness?.close();
});

it('masks typed input by default: no uploaded byte contains the typed text', async () => {
  harness.setPage('/', harness.pageWithSdk('<input id="t" type="text"><input id="p" type="password"><textarea id="a"></textarea>'));
  const page = await browser.newPage();
  await page.goto(`${harness.pageOrigin}/`);
  await page.waitForFunction(() => 'EdgeReplay' in window);
  await page.type('#t', 'secret-text-one');
  await page.type('#p', 'secret-pass-two');
  await page.type('#a', 'secret-area-three');
  await page.evaluate(() => (window as unknown as { EdgeReplay: { flush(): Promise<void> } }).EdgeReplay.flush());
  await harness.waitFor((r) => r.length > 0);
  await page.close();
  const all = harness.received.map((r) => r.json).join('\n');
  expect(all).toContain('***');
  for (const secret of ['secret-text-one', 'secret-pass-two', 'secret-area-three']) expect(all).not.toContain(secret);
});
