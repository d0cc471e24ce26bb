/**
 * Comments on a replay: placed by clicking the stage in "Comment" mode at a paused moment, shown
 * as a timeline marker, a pin on the stage while playback is near it and an entry in the Comments
 * panel; its copied link opens a fresh page paused at that moment with the comment highlighted.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { REPO } from '../../scripts/paths.ts';
import type { CommentListResponse } from '../../wire/comments.ts';
import { endedSession, ingestSession, retitle, snapshot } from './player-seed.ts';
import { useLocalStack } from './stack.ts';
import { clock, replayedTitle, seekBar, settled } from './player-page.ts';

const ARTIFACTS = join(REPO, 'tests/artifacts');
const env = useLocalStack({ SESSION_IDLE_TIMEOUT_MS: '5000', FINAL_GRACE_MS: '500' });

let sessionId = '';
let tabStart = 0;
/** Comment text is shown as text: markup in it never becomes elements, let alone runs. */
const BODY = 'The pay button is hidden here <img src=x onerror="window.pwned=1">';

beforeAll(async () => {
  const start = Date.now() - 5 * 60_000;
  sessionId = await ingestSession(env.stack, [
    ...snapshot(start, 'Start', 'https://shop.test/'),
    retitle(start + 10_000, 'Checkout'),
    retitle(start + 20_000, 'Paid'),
    retitle(start + 30_000, 'Done'),
  ]);
  tabStart = (await endedSession(env.stack, sessionId)).manifest.segments[0]!.startTime;
});


it('pins a comment to a point and a moment, and its link opens the replay there with the comment shown', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.stack.origin });
  const page = await context.newPage();
  await page.goto(`${env.stack.origin}/#/sessions/demo/${sessionId}`);
  await settled(page, 'ready');
  expect(await page.getByTestId('marker-comment').count()).toBe(0);

  await seekBar(page, 10_000);
  await settled(page);
  expect(await replayedTitle(page)).toBe('Checkout');

  // Comment mode, then a click a quarter across and 40% down the replayed viewport.
  await page.getByTestId('comment-mode').click();
  const surface = page.getByTestId('comment-surface');
  const box = (await surface.boundingBox())!;
  await surface.click({ position: { x: box.width * 0.25, y: box.height * 0.4 } });
  // First comment in this browser: the form asks for a name.
  await page.getByTestId('comment-author').fill('Ada');
  await page.getByTestId('comment-body').fill(BODY);
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'comments-form.png') });
  await page.getByTestId('comment-save').click();
  await expect.poll(() => page.getByTestId('comment-form').count()).toBe(0);

  // Stored where and when it was placed.
  const stored = ((await (await fetch(`${env.stack.origin}/api/sessions/demo/${sessionId}/comments`, { headers: env.stack.auth })).json()) as CommentListResponse).comments;
  expect(stored).toHaveLength(1);
  const comment = stored[0]!;
  expect(comment).toMatchObject({ tab: 'main', t: tabStart + 10_000, body: BODY, author: 'Ada' });
  expect(comment.x).toBeCloseTo(0.25, 1);
  expect(comment.y).toBeCloseTo(0.4, 1);

  // A marker of its own kind, a pin at the point while playback is near, an entry in the panel.
  expect(await page.getByTestId('marker-comment').count()).toBe(1);
  const pin = page.getByTestId('comment-pin');
  expect(await pin.count()).toBe(1);
  const pinBox = (await pin.boundingBox())!;
  expect(pinBox.x + pinBox.width / 2).toBeCloseTo(box.x + box.width * 0.25, -1);
  expect(pinBox.y + pinBox.height / 2).toBeCloseTo(box.y + box.height * 0.4, -1);
  expect(await page.getByTestId('comment-bubble').textContent()).toContain(BODY);
  await page.getByTestId('panel-comments').click();
  expect(await page.getByTestId('comment-item').textContent()).toContain(BODY);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();

  // Away from its moment the pin goes; the marker seeks back to it.
  await seekBar(page, 25_000);
  await settled(page);
  expect(await pin.count()).toBe(0);
  await page.getByTestId('marker-comment').click();
  await settled(page);
  expect(await clock(page)).toBe('0:10');
  expect(await replayedTitle(page)).toBe('Checkout');
  expect(await pin.count()).toBe(1);

  // The panel entry seeks too.
  await seekBar(page, 25_000);
  await settled(page);
  await page.getByTestId('comment-item').locator('.row').click();
  await settled(page);
  expect(await clock(page)).toBe('0:10');

  // Its link, copied.
  await page.getByTestId('comment-copy').click();
  await expect.poll(() => page.getByTestId('comment-copy').textContent()).toContain('Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(`${env.stack.origin}/#/sessions/demo/${sessionId}?tab=main&t=10000&comment=${comment.id}`);
  await context.close();

  // A fresh browser opens it paused at that moment, the comment highlighted on the stage and in the panel.
  const fresh = await env.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await fresh.goto(link);
  await settled(fresh);
  expect(await clock(fresh)).toBe('0:10');
  expect(await replayedTitle(fresh)).toBe('Checkout');
  expect(await fresh.getByTestId('comment-pin').getAttribute('aria-pressed')).toBe('true');
  expect(await fresh.getByTestId('comment-bubble').textContent()).toContain(BODY);
  expect(await fresh.getByTestId('panel-comments').getAttribute('aria-selected')).toBe('true');
  expect(await fresh.getByTestId('comment-item').getAttribute('class')).toContain('current');
  await fresh.screenshot({ path: join(ARTIFACTS, 'comments.png') });

  // Deleting it removes marker, pin and entry, and the server forgets it.
  await fresh.getByTestId('comment-delete').click();
  await expect.poll(() => fresh.getByTestId('comment-item').count()).toBe(0);
  expect(await fresh.getByTestId('marker-comment').count()).toBe(0);
  expect(await fresh.getByTestId('comment-pin').count()).toBe(0);
  const after = (await (await fetch(`${env.stack.origin}/api/sessions/demo/${sessionId}/comments`, { headers: env.stack.auth })).json()) as CommentListResponse;
  expect(after.comments).toEqual([]);
  await fresh.close();
});
