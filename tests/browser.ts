import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, no browser download; flags keep it off the (closed) network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** Has the page's edge-replay SDK send what it has recorded so far, and waits for the upload. */
export function flushRecording(page: Page): Promise<void> {
  return page.evaluate(() => (window as unknown as { EdgeReplay: { flush(): Promise<void> } }).EdgeReplay.flush());
}
