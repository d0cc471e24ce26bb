/**
 * The sessions list's filters in Chromium against the local stack: sessions with known
 * attributes are written into the stack's D1 (stopped for that, then started again on the same
 * state), and each filter, set through the filter bar, must list exactly the sessions it should.
 */
import { randomFillSync } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../../scripts/paths.ts';
import { uuidv7 } from '../../sdk/util/uuidv7.ts';
import { insertSessions, type SeedSession } from '../../bench/lib/search-data.ts';
import { dateInputValue } from '../../dashboard/src/lib/filters.ts';
import { useLocalStack } from './stack.ts';

const ARTIFACTS = join(REPO, 'tests/artifacts');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.now();
const BULK_SESSIONS = 57;

type Name = 'ada' | 'bea' | 'cy' | 'dan';

interface Extras {
  properties?: Record<string, string>;
  search?: Partial<SeedSession['search']>;
}

function session(projectId: string, startedAt: number, durationMs: number, row: Partial<SeedSession['row']>, more: Extras = {}): SeedSession {
  return {
    row: {
      projectId, id: uuidv7(startedAt, randomFillSync), status: 'ended', startedAt, endedAt: startedAt + durationMs, durationMs,
      eventCount: 100, pageCount: 2, clickCount: 5, bytes: 10_000, segmentCount: 1, ...row,
    },
    properties: more.properties ?? {},
    search: { urls: [], clicks: [], errors: [], ...more.search },
  };
}

const at = NOW - HOUR;
const SEEDS: Record<Name, SeedSession> = {
  ada: session('demo', NOW - HOUR, 5 * MINUTE, {
    activeMs: 4 * MINUTE, browser: 'Chrome', os: 'Windows', deviceClass: 'desktop', country: 'US', userId: 'ada', errorCount: 2, rageClickCount: 2,
    entryUrl: 'https://shop.test/?utm_source=news', referrer: 'https://www.google.com/',
  }, {
    properties: { plan: 'pro' },
    search: {
      urls: [{ url: 'https://shop.test/', at }, { url: 'https://shop.test/cart', at }, { url: 'https://shop.test/checkout', at }],
      clicks: [{ selector: 'button#pay', text: 'Pay now', at }],
      errors: [{ message: 'TypeError: price is undefined', at }],
    },
  }),
  bea: session('demo', NOW - 2 * HOUR, 30_000, {
    activeMs: 10_000, browser: 'Safari', os: 'iOS', deviceClass: 'mobile', country: 'DE', deadClickCount: 1, entryUrl: 'https://shop.test/blog/1',
  }, { properties: { plan: 'free' }, search: { urls: [{ url: 'https://shop.test/blog/1', at }], clicks: [{ selector: 'a.nav', text: 'Blog', at }] } }),
  cy: session('demo', NOW - 3 * DAY, 20 * MINUTE, {
    activeMs: MINUTE, browser: 'Firefox', os: 'Linux', deviceClass: 'desktop', country: 'GB', userId: 'cy', entryUrl: 'https://shop.test/pricing',
    referrer: 'https://news.ycombinator.com/',
  }, {
    properties: { plan: 'pro' },
    search: { urls: [{ url: 'https://shop.test/pricing', at }, { url: 'https://shop.test/checkout/thanks', at }], clicks: [{ selector: 'button#signup', text: 'Sign up', at }] },
  }),
  dan: session('demo', NOW - 40 * DAY, 2 * MINUTE, {
    activeMs: 90_000, browser: 'Chrome', os: 'Android', deviceClass: 'tablet', country: 'FR', errorCount: 1, entryUrl: 'https://shop.test/',
    referrer: 'https://www.google.com/',
  }, { search: { urls: [{ url: 'https://shop.test/', at }], errors: [{ message: 'ChunkLoadError: Loading chunk 42 failed.', at }] } }),
};
const NAMES = Object.keys(SEEDS) as Name[];
const nameOf = new Map(NAMES.map((n) => [SEEDS[n].row.id, n]));

const env = useLocalStack({});

beforeAll(async () => {
  // D1 is a SQLite file in the stack's state: write while the stack is stopped, then start it again.
  await env.stack.stop();
  const dir = join(env.stateDir, 'v3/d1/miniflare-D1DatabaseObject');
  const file = (await readdir(dir)).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  const db = new DatabaseSync(join(dir, file!));
  try {
    db.prepare("INSERT INTO projects (id, name, public_key, created_at) VALUES ('bulk', 'Bulk', 'pk_bulk', ?)").run(NOW);
    const bulk = Array.from({ length: BULK_SESSIONS }, (_, i) => session('bulk', NOW - (i + 1) * MINUTE, MINUTE, {}));
    insertSessions(db, [...Object.values(SEEDS), ...bulk]);
  } finally {
    db.close();
  }
  await env.restart();
});

/** The seeded sessions the list shows, by name, in its order. */
async function listed(page: Page): Promise<string[]> {
  const ids = await page.getByTestId('session-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session-id')!));
  return ids.map((id) => nameOf.get(id) ?? id);
}

async function expectListed(page: Page, expected: Name[]): Promise<void> {
  await expect.poll(() => listed(page), { timeout: 10_000 }).toEqual(expected);
}

async function openList(page: Page, hash = '#/?project=demo'): Promise<void> {
  await page.goto(`${env.stack.origin}/${hash}`);
  await page.getByTestId('filter-bar').waitFor();
}

/** From the unfiltered list: opens all the bar's inputs, sets some, applies, and waits for the filtered page. */
async function applyFilter(page: Page, set: (page: Page) => Promise<unknown>, hash = '#/?project=demo'): Promise<void> {
  await openList(page, hash);
  await expect.poll(() => page.getByTestId('session-row').count()).toBeGreaterThan(0);
  if ((await page.getByTestId('filter-more').getAttribute('aria-expanded')) !== 'true') await page.getByTestId('filter-more').click();
  await set(page);
  // The page with filters, not a late answer for the unfiltered list (project is its only parameter).
  const filtered = page.waitForResponse((r) => r.url().includes('/api/sessions?') && new URL(r.url()).searchParams.size > 1);
  await page.getByTestId('filter-apply').click();
  expect((await filtered).status()).toBe(200);
}

const fill = (testId: string, value: string) => (page: Page) => page.getByTestId(testId).fill(value);
const check = (testId: string) => (page: Page) => page.getByTestId(testId).check();
const choose = (testId: string, value: string) => async (page: Page) => void (await page.getByTestId(testId).selectOption(value));
const all = (...steps: Array<(page: Page) => Promise<unknown>>) => async (page: Page) => {
  for (const step of steps) await step(page);
};
const property = (key: string, negate: boolean, value: string) => async (page: Page) => {
  await page.getByTestId('filter-add-prop').click();
  await page.getByTestId('prop-key').last().fill(key);
  await page.getByTestId('prop-op').last().selectOption(negate ? '≠' : '=');
  await page.getByTestId('prop-value').last().fill(value);
};

describe('session filters in the dashboard', () => {
  it('lists every ended session newest first without filters', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await openList(page);
    await expectListed(page, ['ada', 'bea', 'cy', 'dan']);
    await page.close();
  });

  const cases: Array<[string, (page: Page) => Promise<unknown>, Name[]]> = [
    ['last 24 hours', choose('filter-range', '24h'), ['ada', 'bea']],
    ['last 7 days', choose('filter-range', '7d'), ['ada', 'bea', 'cy']],
    [
      'custom dates',
      all(choose('filter-range', 'custom'), fill('filter-from', dateInputValue(NOW - 41 * DAY)), fill('filter-to', dateInputValue(NOW - 39 * DAY))),
      ['dan'],
    ],
    ['user id', fill('filter-user', 'ada'), ['ada']],
    ['property =', property('plan', false, 'pro'), ['ada', 'cy']],
    ['property ≠', property('plan', true, 'pro'), ['bea', 'dan']],
    ['visited', fill('filter-visited', '/checkout'), ['ada', 'cy']],
    ['did not visit', fill('filter-not-visited', '/checkout'), ['bea', 'dan']],
    ['clicked', fill('filter-clicked', 'pay'), ['ada']],
    ['has errors', check('filter-errors'), ['ada', 'dan']],
    ['error message', fill('filter-error', 'chunk'), ['dan']],
    ['rage clicks', check('filter-rage'), ['ada']],
    ['dead clicks', check('filter-dead'), ['bea']],
    ['duration at least 3 min', fill('filter-min-duration', '3'), ['ada', 'cy']],
    ['duration at most 1 min', fill('filter-max-duration', '1'), ['bea']],
    ['active 1–2 min', all(fill('filter-min-active', '1'), fill('filter-max-active', '2')), ['cy', 'dan']],
    ['browser', fill('filter-browser', 'Chrome'), ['ada', 'dan']],
    ['OS', fill('filter-os', 'iOS'), ['bea']],
    ['device', choose('filter-device', 'desktop'), ['ada', 'cy']],
    ['country', fill('filter-country', 'gb'), ['cy']],
    ['entry URL', fill('filter-entry', 'utm_source'), ['ada']],
    ['referrer', fill('filter-referrer', 'google'), ['ada', 'dan']],
    ['browser, errors and a visited page together', all(fill('filter-browser', 'Chrome'), check('filter-errors'), fill('filter-visited', 'cart')), ['ada']],
  ];

  it('finds exactly the seeded sessions each filter should', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    for (const [name, set, expected] of cases) {
      await applyFilter(page, set);
      await expect.poll(() => listed(page), { timeout: 10_000, message: name }).toEqual(expected);
    }
    await page.close();
  });

  it('keeps filters and sort in the URL: a reload and a shared link show the same view', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await applyFilter(page, all(property('plan', false, 'pro'), fill('filter-visited', 'checkout'), choose('filter-range', '30d')));
    await expectListed(page, ['ada', 'cy']);
    await page.getByTestId('sort').selectOption('duration');
    await expectListed(page, ['cy', 'ada']);
    const hash = new URL(page.url()).hash;
    expect(hash).toContain('sort=duration');
    expect(hash).toContain('prop=plan%3Dpro');

    await page.reload();
    await expectListed(page, ['cy', 'ada']);
    await expect.poll(() => page.getByTestId('filter-visited').inputValue()).toBe('checkout');
    expect(await page.getByTestId('prop-value').inputValue()).toBe('pro');
    expect(await page.getByTestId('filter-range').inputValue()).toBe('30d');
    expect(await page.getByTestId('sort').inputValue()).toBe('duration');

    const shared = await env.browser.newPage();
    await openList(shared, hash);
    await expectListed(shared, ['cy', 'ada']);
    await shared.close();

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'filters.png'), fullPage: true });
    await page.close();
  });

  it('sorts by time, duration, activity and errors', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await openList(page);
    const orders: Array<[string, Name[]]> = [
      ['duration', ['cy', 'ada', 'dan', 'bea']],
      ['activity', ['ada', 'dan', 'cy', 'bea']],
      ['errors', ['ada', 'dan', 'bea', 'cy']],
      ['time', ['ada', 'bea', 'cy', 'dan']],
    ];
    for (const [sort, expected] of orders) {
      await page.getByTestId('sort').selectOption(sort);
      await expectListed(page, expected);
    }
    await page.close();
  });

  it('saves a view in this browser and applies it with one click', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await applyFilter(page, all(check('filter-errors'), fill('filter-browser', 'Chrome')));
    await expectListed(page, ['ada', 'dan']);
    await page.getByTestId('save-view').click();
    await page.getByTestId('view-name').fill('Chrome errors');
    await page.getByTestId('view-save').click();

    await openList(page);
    await expectListed(page, ['ada', 'bea', 'cy', 'dan']);
    await page.getByTestId('saved-view').filter({ hasText: 'Chrome errors' }).click();
    await expectListed(page, ['ada', 'dan']);
    expect(await page.getByTestId('filter-errors').isChecked()).toBe(true);
    await page.close();
  });

  it('loads more with the cursor, and says when a link carries a filter it cannot read', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await openList(page, '#/?project=bulk');
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(50);
    await page.getByTestId('load-more').click();
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(BULK_SESSIONS);
    await expect(page.getByTestId('load-more').count()).resolves.toBe(0);

    await openList(page, '#/?project=demo&sort=random');
    await expect.poll(() => page.getByText('This link\'s filter could not be read').count()).toBe(1);
    await expectListed(page, ['ada', 'bea', 'cy', 'dan']);
    await page.close();
  });
});
