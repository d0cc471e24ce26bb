/** Reading and driving the dashboard player in e2e tests. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const status = (page: Page) => page.getByTestId('player-status').first().textContent();
export const clock = async (page: Page) => (await page.getByTestId('time').textContent())!.split('/')[0]!.trim();

/** Waits until the player shows a moment: nothing loading, not playing. */
export async function settled(page: Page, expected = 'paused'): Promise<void> {
  await expect
    .poll(async () => `${await page.getByTestId('replay').getAttribute('aria-busy')} ${await status(page)}`, { timeout: 30_000 })
    .toBe(`false ${expected}`);
}

/** The replayed page's title, read from the replay frame (rrweb replaces the frame when a new run starts). */
export async function replayedTitle(page: Page): Promise<string | null> {
  const frame = await (await page.$('[data-testid="replay"] iframe'))?.contentFrame();
  return (await frame?.textContent('#title').catch(() => null)) ?? null;
}

export async function seekBar(page: Page, ms: number): Promise<void> {
  await page.getByTestId('seek').evaluate((input, value) => {
    (input as HTMLInputElement).value = String(value);
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, ms);
}
