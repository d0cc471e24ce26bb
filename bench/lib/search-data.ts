/**
 * Sessions for the search benchmark and the filter tests, written straight into a D1 SQLite file
 * (local wrangler state) with node:sqlite. The generator is deterministic: a seeded PRNG, a fixed
 * clock, so two runs with the same count search the same data.
 *
 * Shapes follow what the pipeline writes (durable-objects/session/row.ts, search-values.ts) and
 * skews seen on real sites: project sizes fall off as 1/rank, most traffic is Chrome on Windows
 * or Android, a few countries dominate, durations are log-normal, 5% of sessions have errors and
 * 10% a user id, pages and click targets are drawn from each site's own skewed catalogue.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { getTableColumns, type Table } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { uuidv7 } from '../../sdk/util/uuidv7.ts';
import { sessionProperties, sessions, sessionUrls } from '../../workers/db/schema.ts';
import { clickTargetsText, errorMessagesText } from '../../workers/db/search-text.ts';
import type { SearchValues } from '../../durable-objects/session/search-values.ts';

/** The generated data ends here: a fixed clock keeps runs identical. */
export const DATA_END_MS = Date.UTC(2026, 5, 1);
export const DATA_SPAN_MS = 30 * 24 * 3_600_000;

/** A session's D1 row, its properties and its search values, as the session DO writes them. */
export interface SeedSession {
  row: typeof sessions.$inferInsert;
  properties: Record<string, string>;
  search: SearchValues;
}

/** mulberry32: small, fast, and good enough to shape test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
type Weighted<T> = ReadonlyArray<readonly [T, number]>;

function pick<T>(rng: Rng, options: Weighted<T>): T {
  const total = options.reduce((n, [, w]) => n + w, 0);
  let x = rng() * total;
  for (const [value, weight] of options) {
    x -= weight;
    if (x < 0) return value;
  }
  return options[options.length - 1]![0];
}

/** An index in [0, n) where index k is about 1/(k+1) as likely as index 0. */
function zipf(rng: Rng, n: number): number {
  return Math.min(n - 1, Math.floor(Math.exp(rng() * Math.log(n + 1)) - 1));
}

const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));

function logNormal(rng: Rng, median: number, sigma: number): number {
  const gauss = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return median * Math.exp(sigma * gauss);
}

const PLATFORMS: Weighted<readonly ['desktop' | 'mobile' | 'tablet', Weighted<string>]> = [
  [['desktop', [['Windows', 60], ['macOS', 30], ['Linux', 5], ['ChromeOS', 5]]], 55],
  [['mobile', [['Android', 55], ['iOS', 45]]], 40],
  [['tablet', [['iOS', 70], ['Android', 30]]], 5],
];

const BROWSERS_BY_OS: Record<string, Weighted<string>> = {
  Windows: [['Chrome', 70], ['Edge', 20], ['Firefox', 8], ['Opera', 2]],
  macOS: [['Chrome', 55], ['Safari', 35], ['Firefox', 8], ['Edge', 2]],
  Linux: [['Chrome', 60], ['Firefox', 40]],
  ChromeOS: [['Chrome', 100]],
  Android: [['Chrome', 85], ['Firefox', 5], ['Opera', 5], ['Edge', 5]],
  iOS: [['Safari', 85], ['Chrome', 12], ['Firefox', 3]],
};

export const COUNTRIES: Weighted<string> = [
  ['US', 30], ['DE', 8], ['GB', 7], ['IN', 6], ['FR', 5], ['BR', 4], ['CA', 4], ['JP', 3], ['NL', 3], ['ES', 3],
  ['IT', 3], ['AU', 2], ['PL', 2], ['SE', 2], ['MX', 2], ['KR', 1], ['CH', 1], ['AT', 1], ['BE', 1], ['DK', 1],
  ['NO', 1], ['FI', 1], ['IE', 1], ['PT', 1], ['AR', 1], ['ZA', 1], ['NG', 1], ['ID', 1], ['TR', 1], ['SG', 1],
];

const REFERRERS: Weighted<string | null> = [
  [null, 45], ['https://www.google.com/', 30], ['https://www.facebook.com/', 5], ['https://www.bing.com/', 3],
  ['https://t.co/', 3], ['https://www.linkedin.com/', 3], ['https://duckduckgo.com/', 2], ['https://news.ycombinator.com/', 2],
  ['https://www.reddit.com/', 2], ['https://partner.example/', 5],
];

export const ERROR_MESSAGES = [
  "TypeError: Cannot read properties of undefined (reading 'price')",
  'ReferenceError: gtag is not defined',
  'TypeError: Failed to fetch',
  'ChunkLoadError: Loading chunk 42 failed.',
  'Error: checkout failed: card declined',
  "TypeError: null is not an object (evaluating 'el.addEventListener')",
  'Error: ResizeObserver loop completed with undelivered notifications.',
  'SyntaxError: Unexpected token < in JSON at position 0',
  'Error: Request timed out after 30000 ms',
  'TypeError: undefined is not a function',
  'Unhandled rejection: AbortError: The user aborted a request.',
  'RangeError: Maximum call stack size exceeded',
];

const CLICK_TARGETS: Weighted<readonly [string, string]> = [
  [['a.nav-link', 'Pricing'], 12], [['a.nav-link', 'Docs'], 8], [['a.nav-link', 'Blog'], 6], [['button#add-to-cart', 'Add to cart'], 14],
  [['button.buy', 'Buy now'], 5], [['a.product-card', 'View product'], 12], [['input#search', ''], 8], [['button#search-submit', 'Search'], 5],
  [['button#checkout', 'Checkout'], 6], [['button#pay', 'Pay now'], 4], [['a.logo', ''], 5], [['button.accept-cookies', 'Accept all'], 10],
  [['button#signup', 'Sign up free'], 3], [['button#login', 'Log in'], 4], [['a.footer-link', 'Contact'], 2], [['button.menu-toggle', 'Menu'], 6],
  [['select#quantity', ''], 3], [['button.apply-coupon', 'Apply'], 2], [['a.read-more', 'Read more'], 4], [['button.close', '×'], 3],
];

const PLANS: Weighted<string> = [['free', 70], ['pro', 20], ['team', 8], ['enterprise', 2]];
const LOCALES: Weighted<string> = [['en-US', 50], ['en-GB', 10], ['de-DE', 10], ['fr-FR', 8], ['es-ES', 7], ['ja-JP', 5], ['pt-BR', 10]];

export const projectId = (rank: number) => `site-${String(rank).padStart(3, '0')}`;

/** A site's page paths: a few fixed pages, then catalogues whose size grows with the project. */
function pagePath(rng: Rng, products: number): string {
  const kind = pick(rng, [['/', 30], ['product', 25], ['post', 12], ['/pricing', 8], ['/cart', 6], ['/checkout', 4],
    ['/checkout/thanks', 2], ['/account', 4], ['/search', 4], ['/login', 3], ['/signup', 2]] as const);
  if (kind === 'product') return `/products/${zipf(rng, products)}`;
  if (kind === 'post') return `/blog/post-${zipf(rng, 200)}`;
  return kind;
}

/**
 * `count` sessions in start order across `projectCount` projects (rank r gets about 1/r of the
 * traffic), over the DATA_SPAN_MS before DATA_END_MS.
 */
export function* generateSessions(count: number, projectCount: number, seed = 1): Generator<SeedSession> {
  const rng = prng(seed);
  const projectWeights: Weighted<number> = Array.from({ length: projectCount }, (_, i) => [i + 1, 1 / (i + 1)] as const);
  const fillRandom = (bytes: Uint8Array) => {
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rng() * 256);
  };
  const start = DATA_END_MS - DATA_SPAN_MS;
  for (let i = 0; i < count; i++) {
    const rank = pick(rng, projectWeights);
    const origin = `https://${projectId(rank)}.example`;
    const startedAt = Math.floor(start + ((i + rng()) / count) * DATA_SPAN_MS);
    const durationMs = Math.min(4 * 3_600_000, Math.round(logNormal(rng, 90_000, 1.2)));
    const [device, systems] = pick(rng, PLATFORMS);
    const os = pick(rng, systems);
    const browser = pick(rng, BROWSERS_BY_OS[os]!);

    const products = 50 + Math.round(2_000 / rank);
    const urls: SearchValues['urls'] = [];
    const pages = int(rng, 3, 8);
    for (let p = 0; p < pages * 2 && urls.length < pages; p++) {
      const url = `${origin}${pagePath(rng, products)}`;
      if (!urls.some((u) => u.url === url)) urls.push({ url, at: startedAt + Math.floor((durationMs * urls.length) / pages) });
    }
    const clicks: SearchValues['clicks'] = [];
    const clickTargets = int(rng, 1, 5);
    for (let c = 0; c < clickTargets; c++) {
      const [selector, text] = pick(rng, CLICK_TARGETS);
      if (!clicks.some((x) => x.selector === selector && x.text === text)) clicks.push({ selector, text, at: startedAt + c * 1_000 });
    }
    const errors: SearchValues['errors'] = [];
    if (rng() < 0.05) {
      for (let e = int(rng, 1, 3); e > 0; e--) {
        const message = ERROR_MESSAGES[zipf(rng, ERROR_MESSAGES.length)]!;
        if (!errors.some((x) => x.message === message)) errors.push({ message, at: startedAt + e * 2_000 });
      }
    }

    const properties: Record<string, string> = { release: `v1.${Math.floor((startedAt - start) / (3 * 24 * 3_600_000))}` };
    let userId: string | null = null;
    if (rng() < 0.1) {
      userId = `user-${rank}-${zipf(rng, 5_000)}`;
      properties['user.plan'] = pick(rng, PLANS);
    }
    if (rng() < 0.5) properties.experiment = rng() < 0.5 ? 'checkout-a' : 'checkout-b';
    if (rng() < 0.3) properties.locale = pick(rng, LOCALES);

    const rage = rng() < 0.03 ? int(rng, 1, 3) : 0;
    const dead = rng() < 0.08 ? int(rng, 1, 5) : 0;
    const clickCount = clickTargets + int(rng, 0, 20) + rage * 3;
    const eventCount = Math.max(10, Math.round(durationMs / 150));
    const referrer = pick(rng, REFERRERS);
    const entry = urls[0]!.url + (referrer && rng() < 0.3 ? `?utm_source=${new URL(referrer).hostname}` : '');
    const live = startedAt + durationMs > DATA_END_MS - 30 * 60_000 && rng() < 0.5;
    yield {
      row: {
        projectId: projectId(rank),
        id: uuidv7(startedAt, fillRandom),
        status: live ? 'live' : 'ended',
        startedAt,
        endedAt: startedAt + durationMs,
        durationMs,
        eventCount,
        pageCount: urls.length + int(rng, 0, 3),
        clickCount,
        rageClickCount: rage,
        deadClickCount: dead,
        errorCount: errors.length === 0 ? 0 : errors.length + int(rng, 0, 4),
        consoleErrorCount: errors.length === 0 ? 0 : int(rng, 0, 6),
        userId,
        entryUrl: entry,
        exitUrl: urls[urls.length - 1]!.url,
        userAgent: `Mozilla/5.0 (${os}) ${browser}`,
        browser,
        os,
        country: pick(rng, COUNTRIES),
        bytes: eventCount * 180,
        segmentCount: 1 + Math.floor(durationMs / 600_000),
        tabCount: rng() < 0.1 ? 2 : 1,
        activeMs: Math.round(durationMs * (0.2 + 0.75 * rng())),
        deviceClass: device,
        referrer,
      },
      properties,
      search: { urls, clicks, errors },
    };
  }
}

/** INSERT OR IGNORE for a drizzle table, its columns named as the schema names them. */
function insertStatement(db: DatabaseSync, table: Table): { run: (row: Record<string, unknown>) => void } {
  const columns = Object.entries(getTableColumns(table));
  const names = columns.map(([, column]) => `"${column.name}"`).join(', ');
  const statement: StatementSync = db.prepare(
    `INSERT OR IGNORE INTO "${getTableConfig(table as never).name}" (${names}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  return {
    run: (row) => {
      statement.run(...columns.map(([key, column]) => (row[key] ?? (column.default as never) ?? null) as string | number | null));
    },
  };
}

/** Writes sessions with their child rows and search columns in one transaction; returns how many rows went in. */
export function insertSessions(db: DatabaseSync, seeds: Iterable<SeedSession>): number {
  const session = insertStatement(db, sessions);
  const property = insertStatement(db, sessionProperties);
  const url = insertStatement(db, sessionUrls);
  let rows = 0;
  db.exec('BEGIN');
  try {
    for (const { row, properties, search } of seeds) {
      const at = { projectId: row.projectId, sessionId: row.id };
      session.run({ ...row, clickTargets: clickTargetsText(search.clicks), errorMessages: errorMessagesText(search.errors) });
      for (const [key, value] of Object.entries(properties)) property.run({ ...at, key, value });
      for (const u of search.urls) url.run({ ...at, url: u.url, firstAt: u.at });
      rows += 1 + Object.keys(properties).length + search.urls.length;
    }
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
  return rows;
}
