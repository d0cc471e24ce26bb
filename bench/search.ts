/**
 * Search latency: GET /api/sessions under `wrangler dev` for 20 typical filter combinations on
 * BENCH_SEARCH_SESSIONS (1,000,000) generated sessions across 200 projects in local D1, beside
 * the same SQL (workers/db/search.ts builds both) run straight on the D1 SQLite file with
 * node:sqlite in the same run: the floor. Every combination runs on the largest project (about a
 * sixth of all sessions), the worst case for a walk through one project's sessions.
 *
 * The data is written with node:sqlite into the local D1 file of a private state directory after
 * the migrations, in one transaction; the generator is deterministic (bench/lib/search-data.ts).
 * Rounds interleave the API and the direct query; both see the same page of results, checked.
 * Two floors are measured in the same rounds: GET /healthz (any request to the local Worker) and
 * a search of a window with no sessions (the endpoint's auth, parsing, D1 round trip and JSON).
 */
import { readdir } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { migrate } from '../scripts/local-state.ts';
import { parseFilter } from '../wire/filters.ts';
import type { SessionListResponse } from '../wire/index.ts';
import { decodeCursor, searchQuery, type SearchRow } from '../workers/db/search.ts';
import { DATA_END_MS, generateSessions, insertSessions, projectId } from './lib/search-data.ts';
import { percentile, round } from './lib/stats.ts';
import { ADMIN_HEADERS, startWranglerDev, withStateDir } from './lib/wrangler-dev.ts';
import { saveResults } from './report.ts';

const SESSIONS = Number(process.env.BENCH_SEARCH_SESSIONS ?? 1_000_000);
const PROJECTS = 200;
const ROUNDS = Number(process.env.BENCH_SEARCH_ROUNDS ?? 20);
const WARMUP_ROUNDS = 2;
/** The API's page size (workers/api/routes.ts). */
const PAGE_SIZE = 50;
const GOAL_P95_MS = 50;
const GOAL_RATIO = 3;

const PROJECT = projectId(1);
const DAY = 86_400_000;
const LAST_24H = `from=${DATA_END_MS - DAY}`;
const LAST_7D = `from=${DATA_END_MS - 7 * DAY}`;

/** What people type into the filter bar, most within a week (ranges as absolute from/to: the data has a fixed clock). */
interface Combination {
  name: string;
  query: string;
  secondPage?: true;
  worstCase?: true;
}

const COMBINATIONS: Combination[] = [
  { name: 'everything, newest first', query: '' },
  { name: 'last 24 hours', query: LAST_24H },
  { name: 'last 7 days', query: LAST_7D },
  { name: 'last 7 days, page 2 (cursor)', query: LAST_7D, secondPage: true },
  { name: 'Safari on iOS, 7 days', query: `${LAST_7D}&browser=Safari&os=iOS` },
  { name: 'country DE, 7 days', query: `${LAST_7D}&country=DE` },
  { name: 'has errors, 7 days', query: `${LAST_7D}&errors=1` },
  { name: 'error message contains "chunk"', query: 'error=chunk' },
  { name: 'one user id', query: 'user=user-1-40' },
  { name: 'property user.plan = enterprise, 7 days', query: `${LAST_7D}&prop=user.plan%3Denterprise` },
  { name: 'property experiment != checkout-a, 7 days', query: `${LAST_7D}&prop=experiment!%3Dcheckout-a` },
  { name: 'visited /checkout, 7 days', query: `${LAST_7D}&visited=%2Fcheckout` },
  { name: 'did not visit /cart, 7 days', query: `${LAST_7D}&not_visited=%2Fcart` },
  { name: 'clicked "add to cart", 7 days', query: `${LAST_7D}&clicked=add%20to%20cart` },
  { name: 'rage clicks, 7 days', query: `${LAST_7D}&rage=1` },
  { name: 'dead clicks, at least 5 min', query: 'dead=1&min_duration=300000' },
  { name: 'active 1–10 min from Google, 7 days', query: `${LAST_7D}&min_active=60000&max_active=600000&referrer=google` },
  { name: 'sort by duration, 7 days', query: `${LAST_7D}&sort=duration` },
  { name: 'sort by errors, has errors', query: 'errors=1&sort=errors' },
  { name: 'sort by activity, mobile, 24 hours', query: `${LAST_24H}&device=mobile&sort=activity` },
];

/**
 * Measured beside the 20 and not counted in the goal: filter text that matches no session. Clicked
 * elements and error messages are text on the session row (workers/db/search-text.ts), so with no
 * date range the walk reads every session of the project (clicked), or every one with errors.
 */
const WORST_CASES: Combination[] = [
  { name: 'clicked text that matches nothing, no date range', query: 'clicked=no-such-button', worstCase: true },
  { name: 'error message that matches nothing, no date range', query: 'error=no-such-error', worstCase: true },
];

interface Timing {
  p50: number;
  p95: number;
}
const timing = (samples: number[]): Timing => ({ p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)) });

/** The local D1 database file wrangler made in the state directory. */
async function d1File(stateDir: string): Promise<string> {
  const dir = join(stateDir, 'v3/d1/miniflare-D1DatabaseObject');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  if (files.length !== 1) throw new Error(`expected one D1 database in ${dir}, found ${files.join(', ') || 'none'}`);
  return join(dir, files[0]!);
}

function seed(file: string): { rows: number; seconds: number } {
  const started = performance.now();
  const db = new DatabaseSync(file);
  try {
    // A bulk load: no fsync per page, a large page cache while the child-table b-trees grow.
    db.exec('PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;');
    const project = db.prepare('INSERT INTO projects (id, name, public_key, created_at) VALUES (?, ?, ?, ?)');
    for (let rank = 1; rank <= PROJECTS; rank++) project.run(projectId(rank), projectId(rank), `pk_bench${rank}`, DATA_END_MS);
    const rows = insertSessions(db, generateSessions(SESSIONS, PROJECTS));
    return { rows, seconds: round((performance.now() - started) / 1000) };
  } finally {
    db.close();
  }
}

const result = await withStateDir(async (stateDir) => {
  console.error(`applying migrations, then writing ${SESSIONS} sessions…`);
  await migrate(stateDir);
  const file = await d1File(stateDir);
  const written = seed(file);
  console.error(`wrote ${written.rows} rows in ${written.seconds} s`);

  const direct = new DatabaseSync(file, { readOnly: true });
  const dev = await startWranglerDev({ stateDir });
  try {
    // The second page's cursor, from the API itself.
    const firstPage = await getPage(`${dev.origin}/api/sessions?project=${PROJECT}&${LAST_7D}`);
    const cursor = firstPage.nextCursor;
    if (cursor === null) throw new Error('the 7-day window has a single page: too few sessions for this benchmark');

    const cases = [...COMBINATIONS, ...WORST_CASES].map((c) => {
      const query = new URLSearchParams(c.query);
      if (c.secondPage) query.set('cursor', cursor);
      const parsed = parseFilter(query);
      if (!parsed.ok) throw new Error(`${c.name}: ${parsed.message}`);
      const built = searchQuery({
        projectId: PROJECT,
        status: 'ended',
        filter: parsed.filter,
        cursor: c.secondPage ? decodeCursor(cursor) : null,
        limit: PAGE_SIZE,
        now: DATA_END_MS,
      });
      return { ...c, url: `${dev.origin}/api/sessions?project=${PROJECT}&${query}`, statement: direct.prepare(built.sql), params: built.params, api: [] as number[], direct: [] as number[], found: 0 };
    });

    // The fixed cost of any request to the local Worker: HTTP on loopback, wrangler's proxy, routing.
    const noQuery: number[] = [];
    const emptyWindow: number[] = [];
    const emptySearch = `${dev.origin}/api/sessions?project=${PROJECT}&from=${DATA_END_MS + DAY}`;
    for (let r = 0; r < WARMUP_ROUNDS + ROUNDS; r++) {
      const started = performance.now();
      const res = await fetch(`${dev.origin}/healthz`);
      await res.arrayBuffer();
      if (r >= WARMUP_ROUNDS) noQuery.push(performance.now() - started);
      // The search endpoint itself with nothing to find: auth, parsing, one D1 round trip, JSON.
      const emptyStarted = performance.now();
      const empty = await getPage(emptySearch);
      if (empty.sessions.length > 0) throw new Error('the empty search found sessions');
      if (r >= WARMUP_ROUNDS) emptyWindow.push(performance.now() - emptyStarted);
      for (const c of cases) {
        let started = performance.now();
        const page = await getPage(c.url);
        const apiMs = performance.now() - started;
        started = performance.now();
        const rows = c.statement.all(...c.params) as unknown as SearchRow[];
        const directMs = performance.now() - started;
        if (r < WARMUP_ROUNDS) {
          const apiIds = page.sessions.map((s) => s.sessionId).join();
          if (apiIds !== rows.slice(0, PAGE_SIZE).map((row) => row.id).join()) throw new Error(`${c.name}: the API and the direct query disagree`);
          c.found = page.sessions.length;
          continue;
        }
        c.api.push(apiMs);
        c.direct.push(directMs);
      }
      if (r >= WARMUP_ROUNDS) console.error(`round ${r - WARMUP_ROUNDS + 1}/${ROUNDS}`);
    }

    const measured = cases.map((c) => {
      const api = timing(c.api);
      const floor = timing(c.direct);
      const ratio = round(api.p95 / Math.max(floor.p95, 0.1));
      return {
        name: c.name,
        query: c.query + (c.secondPage ? '&cursor=…' : ''),
        sessionsOnPage: c.found,
        api,
        direct: floor,
        apiMinusDirectP50Ms: round(api.p50 - floor.p50),
        apiOverDirectP95: ratio,
        worstCase: c.worstCase === true,
      };
    });
    const combinations = measured.filter((c) => !c.worstCase).map(({ worstCase: _, ...c }) => c);
    const worstCases = measured.filter((c) => c.worstCase).map(({ worstCase: _, ...c }) => c);
    const worstApiP95 = Math.max(...combinations.map((c) => c.api.p95));
    return {
      benchmark: 'search',
      date: new Date().toISOString(),
      machineLoad: { cpus: availableParallelism(), loadAverage1m: loadavg()[0]! },
      sessions: SESSIONS,
      projects: PROJECTS,
      project: PROJECT,
      projectSessions: (direct.prepare('SELECT count(*) AS n FROM sessions WHERE project_id = ?').get(PROJECT) as { n: number }).n,
      rowsWritten: written.rows,
      seedSeconds: written.seconds,
      rounds: ROUNDS,
      /** GET /healthz: what any request to the local Worker costs before it queries anything. */
      requestWithoutQuery: timing(noQuery),
      /** GET /api/sessions on a window after the data: the endpoint's own floor, a query that reads nothing. */
      searchFindingNothing: timing(emptyWindow),
      combinations,
      worstCases,
      goal: {
        apiP95Ms: GOAL_P95_MS,
        apiOverDirect: GOAL_RATIO,
        combinationsMeetingP95: combinations.filter((c) => c.api.p95 <= GOAL_P95_MS).length,
        combinationsWithinRatio: combinations.filter((c) => c.apiOverDirectP95 <= GOAL_RATIO).length,
        worstApiP95Ms: worstApiP95,
        met: combinations.every((c) => c.api.p95 <= GOAL_P95_MS && c.apiOverDirectP95 <= GOAL_RATIO),
      },
    };
  } catch (error) {
    console.error(dev.lines.slice(-40).join('\n'));
    throw error;
  } finally {
    direct.close();
    await dev.stop();
  }
});

async function getPage(url: string): Promise<SessionListResponse> {
  const res = await fetch(url, { headers: ADMIN_HEADERS });
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return res.json() as Promise<SessionListResponse>;
}

const mark = (ok: boolean) => (ok ? 'met' : 'not met');
type Measured = (typeof result.combinations)[number];
const combinationRow = (name: string, c: Measured, verdict: string) => [
  name,
  String(c.sessionsOnPage),
  `${c.api.p50} ms`,
  `${c.api.p95} ms`,
  `${c.direct.p50} ms`,
  `${c.direct.p95} ms`,
  `${c.apiMinusDirectP50Ms} ms`,
  `${c.apiOverDirectP95}×`,
  verdict,
];
await saveResults('search', result, {
  search: [
    ['filters (largest project)', 'sessions on page', 'API p50', 'API p95', 'direct p50', 'direct p95', 'API − direct (p50)', 'API / direct (p95)', `goal p95 ≤ ${GOAL_P95_MS} ms, ≤ ${GOAL_RATIO}×`],
    ['GET /healthz, no query (request floor)', '', `${result.requestWithoutQuery.p50} ms`, `${result.requestWithoutQuery.p95} ms`, '', '', '', '', ''],
    ['GET /api/sessions, a window with no sessions (search floor)', '0', `${result.searchFindingNothing.p50} ms`, `${result.searchFindingNothing.p95} ms`, '', '', '', '', ''],
    ...result.combinations.map((c) => combinationRow(c.name, c, mark(c.api.p95 <= GOAL_P95_MS && c.apiOverDirectP95 <= GOAL_RATIO))),
    ...result.worstCases.map((c) => combinationRow(`${c.name} (beside the 20)`, c, 'not counted')),
  ],
});
console.log(JSON.stringify(result, null, 2));
