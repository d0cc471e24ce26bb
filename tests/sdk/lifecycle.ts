import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { launchChromium } from '../browser.ts';
import { startHarness, type Harness } from './harness.ts';

/** One Chromium per test file and a fresh harness per test, handed to the file's own variables. */
export function browserAndHarnessPerTest(use: { browser(b: Browser): void; harness(h: Harness): void }): void {
  let browser: Browser | undefined;
  let harness: Harness | undefined;
  beforeAll(async () => use.browser((browser = await launchChromium())));
  afterAll(async () => browser?.close());
  beforeEach(async () => use.harness((harness = await startHarness())));
  afterEach(async () => harness?.close());
}
