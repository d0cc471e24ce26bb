/**
 * The health page shows what the local Worker counted about itself: a session's batches
 * accepted, a malformed batch refused by its code, and the queue messages the session sent.
 * Locally Analytics Engine cannot be queried, so the page says the counts are this instance's.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { REPO } from '../../scripts/paths.ts';
import { INGEST_PATH, PROJECT_KEY_PARAM } from '../../wire/index.ts';
import { endedSession, ingestSession, snapshot } from './player-seed.ts';
import { useLocalStack } from './stack.ts';

const env = useLocalStack({ SESSION_IDLE_TIMEOUT_MS: '5000', FINAL_GRACE_MS: '500' });

beforeAll(async () => {
  await endedSession(env.stack, await ingestSession(env.stack, snapshot(Date.now() - 1_000, 'Shop', 'https://shop.test/')));
  const refused = await fetch(`${env.stack.origin}${INGEST_PATH}?${PROJECT_KEY_PARAM}=${env.stack.projectKey}`, { method: 'POST', body: 'not gzip' });
  expect(refused.status).toBe(400);
});

it('shows batches accepted and refused by code, and the queue, from the local instance', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${env.stack.origin}/#/`);
  await page.getByTestId('nav-health').click();
  await expect.poll(() => page.url()).toContain('#/health');

  await expect.poll(() => page.getByTestId('health-rejected').textContent(), { timeout: 20_000 }).toMatch(/^\s*1\s+\(\d+\.\d%\)\s*$/);
  expect(Number(await page.getByTestId('health-accepted').textContent())).toBeGreaterThanOrEqual(1);
  const rows = await page.getByTestId('health-rejections').locator('tbody tr').allTextContents();
  expect(rows.map((r) => r.trim())).toEqual(['invalid_gzip1']);
  expect(await page.getByTestId('health-source').textContent()).toContain('Only the Worker instance that answered');
  // The session's start and end messages reach the consumer within its batch timeout.
  await expect
    .poll(
      async () => {
        await page.reload();
        return Number(await page.getByTestId('health-queue-messages').textContent());
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThanOrEqual(2);
  expect(await page.getByTestId('health-queue-lag').textContent()).toMatch(/^\d+(\.\d)? (ms|s|min) \/ \d+(\.\d)? (ms|s|min)$/);

  await mkdir(join(REPO, 'tests/artifacts'), { recursive: true });
  await page.screenshot({ path: join(REPO, 'tests/artifacts/health.png'), fullPage: true });
  await page.close();
});
