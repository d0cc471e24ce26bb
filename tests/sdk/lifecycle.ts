import { createServer, type RequestListener } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { launchChromium } from '../browser.ts';
import { startHarness, type Harness } from './harness.ts';

interface Use {
  browser(b: Browser): void;
  harness(h: Harness): void;
}

/** One Chromium per test file and a fresh harness per test, handed to the file's own variables. */
export function browserAndHarnessPerTest(use: Use): void {
  let browser: Browser | undefined;
  let harness: Harness | undefined;
  beforeAll(async () => use.browser((browser = await launchChromium())));
  afterAll(async () => browser?.close());
  beforeEach(async () => use.harness((harness = await startHarness())));
  afterEach(async () => harness?.close());
}

/** One Chromium and one harness per test file; each test starts with no batches received. */
export function browserAndHarnessPerFile(use: Use): void {
  let browser: Browser | undefined;
  let harness: Harness | undefined;
  beforeAll(async () => {
    use.browser((browser = await launchChromium()));
    use.harness((harness = await startHarness()));
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });
  beforeEach(() => {
    if (harness) harness.received.length = 0;
  });
}

/** A server of a test's own on a free loopback port (another origin than the harness's). */
export async function startServer(handler?: RequestListener): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
