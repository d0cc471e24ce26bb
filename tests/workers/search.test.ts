import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, SessionListResponse } from '../../wire/index.ts';
import { writeSession, type SessionRow, type SessionSearchRows } from '../../workers/db/sessions.ts';
import { createProject, get, sessionId } from './helpers.ts';

const MINUTE = 60_000;
const T0 = Date.now() - 3 * 86_400_000;

interface Seed {
  row: Partial<SessionRow>;
  properties?: Record<string, string>;
  search?: Partial<SessionSearchRows>;
}

/** Sessions with known attributes, written the way the session DO writes them. */
const SEEDS = {
  ada: {
    row: { startedAt: T0, durationMs: 5 * MINUTE, activeMs: 4 * MINUTE, browser: 'Chrome', os: 'Windows', deviceClass: 'desktop', country: 'US',
      userId: 'ada', errorCount: 2, rageClickCount: 2, entryUrl: 'https://shop.test/?utm_source=news', referrer: 'https://www.google.com/' },
    properties: { plan: 'pro', 'user.role': 'admin' },
    search: {
      urls: [{ url: 'https://shop.test/', at: T0 }, { url: 'https://shop.test/cart', at: T0 + 1 }, { url: 'https://shop.test/checkout', at: T0 + 2 }],
      clicks: [{ selector: 'button#pay', text: 'Pay now', at: T0 }],
      errors: [{ message: "TypeError: Cannot read properties of undefined (reading 'price')", at: T0 }, { message: 'ReferenceError: gtag is not defined', at: T0 }],
    },
  },
  bea: {
    row: { startedAt: T0 + MINUTE, durationMs: 30_000, activeMs: 10_000, browser: 'Safari', os: 'iOS', deviceClass: 'mobile', country: 'DE',
      deadClickCount: 1, entryUrl: 'https://shop.test/blog/50%25-off', referrer: null },
    properties: { plan: 'free' },
    search: { urls: [{ url: 'https://shop.test/blog/50%-off', at: T0 + MINUTE }], clicks: [{ selector: 'a.nav', text: 'Blog', at: T0 }] },
  },
  cy: {
    row: { startedAt: T0 + 2 * MINUTE, durationMs: 20 * MINUTE, activeMs: MINUTE, browser: 'Firefox', os: 'Linux', deviceClass: 'desktop', country: 'GB',
      userId: 'cy', entryUrl: 'https://shop.test/pricing', referrer: 'https://news.ycombinator.com/' },
    properties: { plan: 'pro', experiment: 'b' },
    search: {
      urls: [{ url: 'https://shop.test/pricing', at: T0 + 2 * MINUTE }, { url: 'https://shop.test/checkout/thanks', at: T0 + 3 * MINUTE }],
      clicks: [{ selector: 'button#signup', text: 'Sign up', at: T0 }, { selector: 'button#pay', text: 'Pay now', at: T0 }],
    },
  },
  dan: {
    row: { startedAt: T0 + 86_400_000 * 2.5, durationMs: 2 * MINUTE, activeMs: 90_000, browser: 'Chrome', os: 'Android', deviceClass: 'tablet', country: 'FR',
      errorCount: 1, entryUrl: 'https://shop.test/', referrer: 'https://www.google.com/' },
    search: { urls: [{ url: 'https://shop.test/', at: T0 + 86_400_000 * 2.5 }], errors: [{ message: 'ChunkLoadError: Loading chunk 42 failed.', at: T0 }] },
  },
} satisfies Record<string, Seed>;

type Name = keyof typeof SEEDS;
const NAMES = Object.keys(SEEDS) as Name[];

let project: { id: string };
const ids = {} as Record<Name, string>;
const names = new Map<string, Name>();

async function seed(projectId: string, { row, properties = {}, search = {} }: Seed, status: 'live' | 'ended' = 'ended'): Promise<string> {
  const id = sessionId(row.startedAt);
  const startedAt = row.startedAt!;
  const durationMs = row.durationMs ?? MINUTE;
  await writeSession(
    env.DB,
    {
      projectId, id, status, startedAt, endedAt: startedAt + durationMs, durationMs, eventCount: 10, pageCount: 1, clickCount: 1, bytes: 100, segmentCount: 1,
      ...row,
    },
    properties,
    { urls: [], clicks: [], errors: [], ...search },
  );
  return id;
}

async function list(query: string): Promise<SessionListResponse> {
  const res = await get(`/api/sessions?project=${project.id}&${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json<SessionListResponse>();
}

/** The seeded sessions a query finds, by name, newest first. */
async function found(query: string): Promise<Name[]> {
  return (await list(query)).sessions.map((s) => names.get(s.sessionId)!);
}

describe('GET /api/sessions filters', () => {
  beforeAll(async () => {
    project = await createProject();
    for (const name of NAMES) {
      ids[name] = await seed(project.id, SEEDS[name]);
      names.set(ids[name], name);
    }
    // Sessions that match every filter above but must never show: one still live, one in another project.
    const everything: Seed = { ...SEEDS.ada, row: { ...SEEDS.ada.row, startedAt: T0 + 30_000 } };
    await seed(project.id, everything, 'live');
    await seed((await createProject()).id, everything);
  });

  it.each<[string, Name[]]>([
    ['', ['dan', 'cy', 'bea', 'ada']],
    [`from=${T0 + MINUTE}`, ['dan', 'cy', 'bea']],
    [`from=${T0}&to=${T0 + 2 * MINUTE}`, ['bea', 'ada']],
    ['range=24h', ['dan']],
    ['range=7d', ['dan', 'cy', 'bea', 'ada']],
    ['user=ada', ['ada']],
    ['user=ad', []],
    ['user=ada&sort=duration', ['ada']],
    ['errors=1&sort=errors', ['ada', 'dan']],
    ['error=chunk&sort=errors', ['dan']],
    ['prop=plan%3Dpro', ['cy', 'ada']],
    ['prop=plan!%3Dpro', ['dan', 'bea']],
    ['prop=user.role%3Dadmin', ['ada']],
    ['prop=plan%3Dpro&prop=experiment%3Db', ['cy']],
    ['visited=%2Fcheckout', ['cy', 'ada']],
    ['visited=CHECKOUT%2Fthanks', ['cy']],
    ['visited=50%25', ['bea']],
    ['visited=50_', []],
    ['not_visited=%2Fcheckout', ['dan', 'bea']],
    // Visits are looked up from the range's start on; a session's visits come after its start.
    [`from=${T0 + 2 * MINUTE}&visited=%2Fcheckout`, ['cy']],
    [`from=${T0 + MINUTE}&visited=shop.test%2F`, ['dan', 'cy', 'bea']],
    [`from=${T0 + MINUTE}&not_visited=%2Fcheckout`, ['dan', 'bea']],
    ['clicked=pay', ['cy', 'ada']],
    ['clicked=button%23signup', ['cy']],
    ['clicked=Blog', ['bea']],
    ['clicked=PAY%20NOW', ['cy', 'ada']],
    // Never across a selector and its text, nor across two targets of one session.
    ['clicked=pay%09pay', []],
    ['clicked=%23payPay', []],
    ['clicked=up%0Abutton', []],
    ['clicked=Sign%20up%20button', []],
    ['errors=1', ['dan', 'ada']],
    ['error=TypeError', ['ada']],
    ['error=chunk%2042', ['dan']],
    ["error=reading%20'PRICE'", ['ada']],
    ['error=gtag', ['ada']],
    ["error=')%0AReferenceError", []],
    ["error=')ReferenceError", []],
    ['rage=1', ['ada']],
    ['dead=1', ['bea']],
    [`min_duration=${2 * MINUTE}`, ['dan', 'cy', 'ada']],
    [`max_duration=${2 * MINUTE}`, ['dan', 'bea']],
    [`min_active=${MINUTE}&max_active=${2 * MINUTE}`, ['dan', 'cy']],
    ['browser=Chrome', ['dan', 'ada']],
    ['os=iOS', ['bea']],
    ['device=desktop', ['cy', 'ada']],
    ['country=GB', ['cy']],
    ['entry=utm_source', ['ada']],
    ['entry=%2Fpricing', ['cy']],
    ['referrer=google', ['dan', 'ada']],
  ])('%s finds exactly its sessions', async (query, expected) => {
    expect(await found(query)).toEqual(expected);
  });

  it('ANDs combined filters', async () => {
    expect(await found('browser=Chrome&errors=1')).toEqual(['dan', 'ada']);
    expect(await found('browser=Chrome&errors=1&visited=cart')).toEqual(['ada']);
    expect(await found('browser=Chrome&errors=1&visited=cart&country=DE')).toEqual([]);
    expect(await found('clicked=pay&not_visited=thanks&prop=plan%3Dpro&referrer=google&range=7d')).toEqual(['ada']);
  });

  it.each<[string, Name[]]>([
    ['time', ['dan', 'cy', 'bea', 'ada']],
    ['duration', ['cy', 'ada', 'dan', 'bea']],
    ['activity', ['ada', 'dan', 'cy', 'bea']],
    ['errors', ['ada', 'dan', 'cy', 'bea']],
  ])('sort=%s orders by its key, newest first on ties', async (sort, expected) => {
    expect(await found(`sort=${sort}`)).toEqual(expected);
  });

  it('lists live sessions with the same filters', async () => {
    const { sessions } = await list('status=live&user=ada');
    expect(sessions.map((s) => s.status)).toEqual(['live']);
    expect((await list('status=live&user=bea')).sessions).toEqual([]);
    expect((await list('status=live&user=ada&country=DE')).sessions).toEqual([]);
  });
});

describe('GET /api/sessions pages', () => {
  let pagedProject: { id: string };
  const PAGE = 50;
  const COUNT = 2 * PAGE + 7;

  beforeAll(async () => {
    pagedProject = await createProject();
    for (let i = 0; i < COUNT; i++) {
      // Few distinct keys and some equal start times, so every sort has ties for the cursor to get through.
      await seed(pagedProject.id, {
        row: { startedAt: T0 + Math.floor(i / 3) * 1_000, durationMs: (i % 4) * 1_000, activeMs: (i % 5) * 1_000, errorCount: i % 3 },
      });
    }
  });

  // With errors=1 the walk goes through the partial indexes of sessions with errors (migrations/0015).
  it.each([
    ['time', '', COUNT, 3],
    ['duration', '', COUNT, 3],
    ['activity', '', COUNT, 3],
    ['errors', '', COUNT, 3],
    ['time', '&errors=1', COUNT - Math.ceil(COUNT / 3), 2],
    ['errors', '&errors=1', COUNT - Math.ceil(COUNT / 3), 2],
  ] as const)('sort=%s%s: the cursor walks every matching session once, in order', async (sort, filter, count, expectedPages) => {
    const seen: Array<{ sessionId: string; key: number[] }> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/api/sessions?project=${pagedProject.id}&sort=${sort}${filter}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await get(query);
      expect(res.status).toBe(200);
      const page: SessionListResponse = await res.json();
      const value = (s: SessionListResponse['sessions'][number]) =>
        ({ time: [], duration: [s.durationMs], activity: [s.activeMs], errors: [s.errorCount] })[sort]!;
      seen.push(...page.sessions.map((s) => ({ sessionId: s.sessionId, key: [...value(s), s.startedAt] })));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(expectedPages);
    expect(seen).toHaveLength(count);
    expect(new Set(seen.map((s) => s.sessionId)).size).toBe(count);
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1]!, seen[i]!];
      const order = a.key.findIndex((k, j) => k !== b.key[j]!);
      // Descending by key then start; on a full tie, by id.
      if (order === -1) expect(a.sessionId > b.sessionId).toBe(true);
      else expect(a.key[order]! > b.key[order]!).toBe(true);
    }
  });
});

describe('GET /api/sessions bad input', () => {
  const error = async (query: string) => {
    const res = await get(`/api/sessions?${query}`);
    return { status: res.status, body: await res.json<ErrorBody>() };
  };

  it.each([
    ['project=demo&sort=random', 'sort must be one of'],
    ['project=demo&min_duration=abc', 'min_duration'],
    ['project=demo&prop=nokey', 'prop must be'],
    ['project=demo&device=fridge', 'device'],
    ['project=demo&from=10&to=5', 'from must be before to'],
    ['project=demo&range=1y', 'range'],
    ['project=demo&status=gone', 'status'],
    ['status=ended', 'project'],
    ['project=demo&cursor=nonsense', 'cursor'],
  ])('%s → 400 naming the problem', async (query, message) => {
    const { status, body } = await error(query);
    expect(status).toBe(400);
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain(message);
  });

  it('refuses a cursor from another sort', async () => {
    const project = await createProject();
    for (let i = 0; i < 51; i++) await seed(project.id, { row: { startedAt: T0 + i } });
    const { nextCursor } = await (await get(`/api/sessions?project=${project.id}&sort=duration`)).json<SessionListResponse>();
    expect(nextCursor).not.toBeNull();
    const { status, body } = await error(`project=${project.id}&sort=time&cursor=${nextCursor}`);
    expect(status).toBe(400);
    expect(body.error.message).toContain('cursor is for sort=duration');
  });
});
