/** Reading and driving the dashboard player in e2e tests. */
import type { Frame, Page } from 'playwright-core';
import { expect } from 'vitest';

export const status = (page: Page) => page.getByTestId('player-status').first().textContent();
/** The status, with the player's error message when it failed, so a failing poll says why. */
const statusOrError = async (page: Page) => {
  const now = await status(page);
  return now === 'error' ? `error: ${await page.getByTestId('error').first().textContent()}` : now;
};
export const clock = async (page: Page) => (await page.getByTestId('time').textContent())!.split('/')[0]!.trim();

/** Waits until the player shows a moment: nothing loading, not playing. */
export async function settled(page: Page, expected = 'paused'): Promise<void> {
  await expect
    .poll(async () => `${await page.getByTestId('replay').getAttribute('aria-busy')} ${await status(page)}`, { timeout: 30_000 })
    .toBe(`false ${expected}`);
}

/** The player's replay frame, looked up afresh: rrweb replaces the frame when a new run starts. */
export async function replayFrame(page: Page): Promise<Frame | null> {
  return (await (await page.$('[data-testid="replay"] iframe'))?.contentFrame()) ?? null;
}

/** The replayed page's title, read from the replay frame. */
export async function replayedTitle(page: Page): Promise<string | null> {
  const frame = await replayFrame(page);
  return (await frame?.textContent('#title').catch(() => null)) ?? null;
}

/**
 * Opens the newest session of the demo project from the dashboard's list, refreshing the list
 * until the session has ended and appears; resolves to its id.
 */
export async function openNewestSession(page: Page, origin: string): Promise<string> {
  await page.goto(`${origin}/#/?project=demo`);
  const row = page.getByTestId('session-row').first();
  await expect
    .poll(
      async () => {
        if ((await row.count()) > 0) return true;
        await page.getByTestId('refresh').click();
        return false;
      },
      { timeout: 45_000, interval: 1_000 },
    )
    .toBe(true);
  const sessionId = (await row.getAttribute('data-session-id'))!;
  await row.click();
  return sessionId;
}

/** Plays the open session at 8× from its start to its end. */
export async function playToEnd(page: Page): Promise<void> {
  await page.getByTestId('speed-8').click();
  await expect.poll(() => statusOrError(page), { timeout: 30_000 }).toBe('ready');
  await page.getByTestId('play').click();
  await expect.poll(() => statusOrError(page), { timeout: 60_000 }).toBe('finished');
}

export async function seekBar(page: Page, ms: number): Promise<void> {
  await page.getByTestId('seek').evaluate((input, value) => {
    (input as HTMLInputElement).value = String(value);
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, ms);
}
