/**
 * The overview charts what GET /api/stats counts (from D1 locally): three sessions sent through
 * ingest today, with known errors, rage clicks, entry pages and browser, show up in the charts'
 * totals, their tables and the top lists.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { REPO } from '../../scripts/paths.ts';
import { CustomTag, STATS_PATH, type RecordedEvent, type StatsResponse } from '../../wire/index.ts';
import { MINUTE, endedSession, ingestSession, signal, snapshot } from './player-seed.ts';
import { useLocalStack } from './stack.ts';

const ARTIFACTS = join(REPO, 'tests/artifacts');
const env = useLocalStack({ SESSION_IDLE_TIMEOUT_MS: '5000', FINAL_GRACE_MS: '500' });

const rageClick = (at: number) => signal(at, CustomTag.RageClick, { selector: 'button#pay', text: 'Pay', x: 5, y: 5, count: 4 });
const error = (at: number) => signal(at, CustomTag.Error, { kind: 'error', message: 'checkout failed' });

/** A visit entering at `href`, with `errors` errors and `rageClicks` rage clicks. */
function visit(start: number, href: string, errors: number, rageClicks: number): RecordedEvent[] {
  const events = snapshot(start, 'Shop', href);
  for (let i = 0; i < errors; i++) events.push(error(start + 1_000 + i));
  for (let i = 0; i < rageClicks; i++) events.push(rageClick(start + 2_000 + i));
  return events;
}

let day = '';

beforeAll(async () => {
  const start = Date.now() - 3 * MINUTE;
  const ids = [
    await ingestSession(env.stack, visit(start, 'https://shop.test/', 2, 1)),
    await ingestSession(env.stack, visit(start + 1_000, 'https://shop.test/', 1, 0)),
    await ingestSession(env.stack, visit(start + 2_000, 'https://shop.test/pricing?utm_source=mail', 0, 2)),
  ];
  const details = await Promise.all(ids.map((id) => endedSession(env.stack, id)));
  day = new Date(details[0]!.session.startedAt).toISOString().slice(0, 10);
});

it('charts the seeded sessions, errors and rage clicks by day, and their top pages and browsers', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1400, height: 1100 } });
  await page.goto(`${env.stack.origin}/#/?project=demo`);
  await page.getByTestId('nav-overview').click();
  await expect.poll(() => page.url()).toContain('#/overview?project=demo');

  // The default range (the last 30 days) holds the seeded day.
  await expect.poll(() => page.getByTestId('chart-sessions-total').textContent(), { timeout: 20_000 }).toBe('3');
  expect(await page.getByTestId('chart-errors-total').textContent()).toBe('3');
  expect(await page.getByTestId('chart-rage-clicks-total').textContent()).toBe('3');
  expect(await page.getByTestId('stats-source').textContent()).toContain('D1');
  expect(await page.getByTestId('stats-notice').count()).toBe(0);

  // Each chart is an image with a title and a summary, and its numbers are in a table too.
  const chart = page.getByTestId('chart-sessions').locator('svg');
  expect(await chart.getAttribute('role')).toBe('img');
  expect(await page.getByTestId('chart-sessions').locator('desc').textContent()).toMatch(/^3 from /);
  const dayRow = page.getByTestId('chart-errors-table').locator('tr', { hasText: day });
  expect((await dayRow.locator('td').allTextContents()).map((t) => t.trim())).toEqual([day, '3']);

  const rows = async (testid: string) =>
    Promise.all((await page.getByTestId(`${testid}-row`).all()).map(async (row) => (await row.locator('td').allTextContents()).map((t) => t.trim())));
  expect(await rows('top-pages')).toEqual([
    ['https://shop.test/', '2'],
    ['https://shop.test/pricing', '1'],
  ]);
  expect(await rows('top-browsers')).toEqual([['Chrome', '3']]);

  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'overview.png'), fullPage: true });

  // A range in the link is kept: a day without sessions shows zeros.
  await page.goto(`${env.stack.origin}/#/overview?project=demo&from=2026-01-01&to=2026-01-03`);
  await expect.poll(() => page.getByTestId('chart-sessions-table').locator('tbody tr').count()).toBe(3);
  expect(await page.getByTestId('chart-sessions-total').textContent()).toBe('0');
  await page.close();
});

it('says so when the API reports that Analytics Engine failed and D1 counted instead', async () => {
  const page = await env.browser.newPage();
  // The local stack has no Analytics Engine credentials, so its answers never carry a notice:
  // pass the real answer through with the notice the API sets when Analytics Engine fails.
  await page.route(`**${STATS_PATH}?*`, async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as StatsResponse;
    await route.fulfill({ response, json: { ...body, notice: 'Analytics Engine answered 401; counted from D1 instead' } });
  });
  await page.goto(`${env.stack.origin}/#/overview?project=demo`);
  await expect.poll(() => page.getByTestId('stats-notice').textContent(), { timeout: 20_000 }).toContain('answered 401');
  expect(await page.getByTestId('chart-sessions-total').textContent()).toBe('3');
  await page.close();
});
