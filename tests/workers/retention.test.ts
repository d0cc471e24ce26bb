import { createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { assetRef, type RecordedEvent } from '../../wire/index.ts';
import worker from '../../workers/index.ts';
import { assetKey } from '../../workers/ingest/asset-store.ts';
import {
  CLAIMED,
  CLAIMED_ASSETS_SQL,
  CLAIM_ASSETS_SQL,
  EXPIRED_SESSIONS_SQL,
  dayNumber,
  deleteSessionsStatements,
  forgetAssetsStatements,
  forgetTombstonesStatements,
} from '../../workers/retention/plan.ts';
import { runRetention, type RetentionEnv } from '../../workers/retention/run.ts';
import { batch, createProject, endSession, get, meta, send, sessionId } from './helpers.ts';

const DAY = 86_400_000;

const sha256 = async (text: string) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))].map((b) => b.toString(16).padStart(2, '0')).join('');

/** Stylesheet text long enough to be split out into R2, different per call. */
const stylesheet = (name: string) => `/* ${name} ${crypto.randomUUID()} */\n${'.a { color: #123456; }\n'.repeat(60)}`;

function page(t: number, css: string): RecordedEvent[] {
  const node = { type: 0, id: 1, childNodes: [{ type: 2, tagName: 'link', id: 2, attributes: { _cssText: css }, childNodes: [] }] };
  return [meta(t, `https://shop.test/p/${t}`), { type: 2, timestamp: t + 1, data: { node, initialOffset: { top: 0, left: 0 } } }];
}

type Project = { id: string; key: string };

async function setRetention(project: Project, days: number): Promise<void> {
  await env.DB.prepare('UPDATE projects SET retention_days = ? WHERE id = ?').bind(days, project.id).run();
}

/** A session recorded through the ingest route and ended by its DO: segments in R2, rows in D1. */
async function recordSession(project: Project, css = stylesheet('page')): Promise<string> {
  const t = Date.now();
  const sid = sessionId(t);
  const res = await send(project.key, batch(sid, 0, page(t, css), true));
  expect(res.status).toBe(200);
  await endSession(project.id, sid);
  // Child rows the dashboard writes or the DO may: a property and a comment.
  await env.DB.batch([
    env.DB.prepare('INSERT OR REPLACE INTO session_properties (project_id, session_id, key, value) VALUES (?, ?, ?, ?)').bind(project.id, sid, 'plan', 'pro'),
    env.DB.prepare(
      "INSERT INTO session_comments (project_id, session_id, id, tab, t, x, y, body, author, created_at) VALUES (?, ?, 'c1', 'main', ?, 0.5, 0.5, 'hi', 'me', ?)",
    ).bind(project.id, sid, t, t),
  ]);
  return sid;
}

/** A session still recording: its live row is written in the background, so wait for it. */
async function liveSession(project: Project): Promise<string> {
  const t = Date.now();
  const sid = sessionId(t);
  expect((await send(project.key, batch(sid, 0, page(t, stylesheet('live')), false))).status).toBe(200);
  for (let i = 0; i < 50 && (await rows('sessions', project.id, sid)) === 0; i++) await new Promise((r) => setTimeout(r, 20));
  return sid;
}

async function rows(table: string, projectId: string, sid: string): Promise<number> {
  const column = table === 'sessions' ? 'id' : 'session_id';
  return (await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE project_id = ? AND ${column} = ?`).bind(projectId, sid).first<{ n: number }>())!.n;
}

/** Everything the session has anywhere: D1 rows by table and R2 objects. */
async function footprint(projectId: string, sid: string) {
  const [sessions, session_urls, session_properties, session_comments] = await Promise.all(
    ['sessions', 'session_urls', 'session_properties', 'session_comments'].map((t) => rows(t, projectId, sid)),
  );
  const objects = (await env.BUCKET.list({ prefix: `sessions/${projectId}/${sid}/` })).objects.length;
  return { sessions, session_urls, session_properties, session_comments, objects };
}

const gone = { sessions: 0, session_urls: 0, session_properties: 0, session_comments: 0, objects: 0 };

/** An ended session, whole: its row, one URL, property and comment, and its one segment. */
const kept = { sessions: 1, session_urls: 1, session_properties: 1, session_comments: 1, objects: 1 };

async function liveStatus(projectId: string, sid: string): Promise<string | undefined> {
  return (await env.DB.prepare('SELECT status FROM sessions WHERE project_id = ? AND id = ?').bind(projectId, sid).first<{ status: string }>())?.status;
}

async function listed(projectId: string): Promise<string[]> {
  const res = await get(`/api/sessions?project=${projectId}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { sessions: Array<{ sessionId: string }> }).sessions.map((s) => s.sessionId);
}

async function assetRow(hash: string): Promise<number | null> {
  return (await env.DB.prepare('SELECT last_seen_day AS d FROM assets WHERE hash = ?').bind(hash).first<{ d: number }>())?.d ?? null;
}

const hasObject = async (key: string) => (await env.BUCKET.head(key)) !== null;

/** The Worker's own scheduled handler, as a cron trigger would run it at `time`. */
async function cron(time: number): Promise<void> {
  await worker.scheduled(createScheduledController({ scheduledTime: time, cron: '17 * * * *' }), env);
}

/** R2 whose deletes fail while `failing(keys)` says so: a run that dies halfway. */
function failingBucket(failing: (keys: string[]) => boolean): RetentionEnv {
  const bucket = {
    delete: async (keys: string | string[]) => {
      if (failing(([] as string[]).concat(keys))) throw new Error('R2 unavailable');
      return env.BUCKET.delete(keys);
    },
  } as unknown as R2Bucket;
  return { DB: env.DB, BUCKET: bucket };
}

// Storage is shared by this file's tests: each starts from empty tables and an empty bucket.
beforeEach(async () => {
  const tables = ['sessions', 'session_urls', 'session_properties', 'session_comments', 'counted_events', 'assets', 'deleted_sessions', 'projects'];
  await env.DB.batch(tables.map((t) => env.DB.prepare(`DELETE FROM ${t}`)));
  for (let listing = await env.BUCKET.list(); listing.objects.length > 0; listing = await env.BUCKET.list()) {
    await env.BUCKET.delete(listing.objects.map((o) => o.key));
  }
});

describe('retention: expired sessions', () => {
  it('deletes expired sessions with their rows and segments, keeps unexpired, live and longer-kept ones', async () => {
    const short = await createProject();
    const long = await createProject();
    await setRetention(long, 90);
    const expired = await recordSession(short);
    const young = await recordSession(short);
    const live = await liveSession(short);
    const longKept = await recordSession(long);
    // `young` started 10 days after the others.
    await env.DB.prepare('UPDATE sessions SET started_at = started_at + ? WHERE id = ?').bind(10 * DAY, young).run();
    expect((await footprint(short.id, expired)).objects).toBe(1);

    const report = await runRetention(env, Date.now() + 31 * DAY);
    // Its URL rows went by key: the job read the URLs from the session's manifest.
    expect(report).toMatchObject({ sessionsDeleted: 1, sessionsWithoutUrls: 0 });

    expect(await footprint(short.id, expired)).toEqual(gone);
    expect(await footprint(short.id, young)).toEqual(kept);
    expect(await liveStatus(short.id, live)).toBe('live');
    expect(await footprint(long.id, longKept)).toEqual(kept);
    expect(await listed(short.id)).toEqual([young]);

    // Ninety-one days on, the other project's session goes too; the live one never does.
    await cron(Date.now() + 91 * DAY);
    expect(await footprint(long.id, longKept)).toEqual(gone);
    expect(await footprint(short.id, young)).toEqual(gone);
    expect(await liveStatus(short.id, live)).toBe('live');
  });

  it('deletes within its budget, oldest first, and the next run carries on', async () => {
    const project = await createProject();
    const sessions: string[] = [];
    for (let i = 0; i < 5; i++) sessions.push(await recordSession(project));
    const later = Date.now() + 31 * DAY;

    const first = await runRetention(env, later, { sessions: 2, assets: 100 });
    expect(first).toMatchObject({ sessionsDeleted: 2, done: false });
    expect((await listed(project.id)).sort()).toEqual(sessions.slice(2).sort());

    expect(await runRetention(env, later, { sessions: 2, assets: 100 })).toMatchObject({ sessionsDeleted: 2 });
    expect(await listed(project.id)).toEqual([sessions[4]]);
    expect(await runRetention(env, later, { sessions: 2, assets: 100 })).toMatchObject({ sessionsDeleted: 1, done: true });
    for (const sid of sessions) expect(await footprint(project.id, sid)).toEqual(gone);
  });

  it('a run that fails between D1 and R2 leaves no row without its segments, and the next run deletes them', async () => {
    const project = await createProject();
    const a = await recordSession(project);
    const b = await recordSession(project);
    const later = Date.now() + 31 * DAY;

    await expect(runRetention(failingBucket((keys) => keys[0]!.startsWith('sessions/')), later)).rejects.toThrow('R2 unavailable');
    // The rows are gone, so nothing shows a session whose segments are missing ...
    expect(await listed(project.id)).toEqual([]);
    expect((await get(`/api/sessions/${project.id}/${a}`)).status).toBe(404);
    for (const sid of [a, b]) expect(await rows('sessions', project.id, sid)).toBe(0);
    // ... and the objects are still findable from the tombstones.
    expect((await footprint(project.id, a)).objects).toBe(1);
    const tombstones = await env.DB.prepare('SELECT COUNT(*) AS n FROM deleted_sessions').first<{ n: number }>();
    expect(tombstones!.n).toBe(2);

    const report = await runRetention(env, later);
    expect(report.tombstonesFinished).toBe(2);
    for (const sid of [a, b]) expect(await footprint(project.id, sid)).toEqual(gone);
    expect((await env.DB.prepare('SELECT COUNT(*) AS n FROM deleted_sessions').first<{ n: number }>())!.n).toBe(0);
  });
});

describe('retention: query plans', () => {
  it('every statement reaches its rows through a whole key or an index range, never a scan', async () => {
    const session = { projectId: 'p', id: 's', segmentCount: 1, urls: ['https://a.test/'] };
    const statements = [
      ...deleteSessionsStatements('p', [session]).filter((s) => !s.sql.startsWith('INSERT')),
      ...forgetTombstonesStatements([session]),
      ...forgetAssetsStatements(['h']),
      { sql: EXPIRED_SESSIONS_SQL, params: ['p', 1, 10] },
      { sql: CLAIM_ASSETS_SQL, params: [CLAIMED, 1, 10] },
      { sql: CLAIMED_ASSETS_SQL, params: [CLAIMED, 10] },
    ];
    const expected = [
      'SEARCH session_urls USING PRIMARY KEY (project_id=? AND url=? AND session_id=?)',
      'SEARCH session_properties USING PRIMARY KEY (project_id=? AND session_id=?)',
      'SEARCH session_comments USING PRIMARY KEY (project_id=? AND session_id=?)',
      'SEARCH counted_events USING PRIMARY KEY (key=?)',
      'SEARCH sessions USING PRIMARY KEY (id=? AND project_id=?)',
      'SEARCH deleted_sessions USING PRIMARY KEY (project_id=? AND session_id=?)',
      'SEARCH assets USING PRIMARY KEY (hash=?)',
      'SEARCH sessions USING INDEX sessions_project_status_started (project_id=? AND status=? AND started_at<?)',
      'SEARCH assets USING PRIMARY KEY (hash=?) | SEARCH assets USING COVERING INDEX assets_last_seen_day (last_seen_day>? AND last_seen_day<?)',
      'SEARCH assets USING COVERING INDEX assets_last_seen_day (last_seen_day=?)',
    ];
    const plans: string[] = [];
    for (const { sql, params } of statements) {
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
      // Leaving out the steps that read a VALUES list or a subquery's results: no scan, no sort remains.
      plans.push(results.map((r) => r.detail).filter((d) => !/^(LIST SUBQUERY \d+|SCAN CONSTANT ROW)$/.test(d)).join(' | '));
    }
    expect(plans).toEqual(expected);
  });
});

describe('retention: assets', () => {
  it('keeps assets a kept session refers to and deletes ones nothing has seen for longer than any retention', async () => {
    const project = await createProject();
    const css = stylesheet('shared');
    const hash = await sha256(css);
    const sid = await recordSession(project, css);
    expect(await assetRow(hash)).toBe(dayNumber(Date.now()));
    // An asset last seen 200 days ago, when retention is 30 days everywhere.
    const stale = await sha256('stale');
    await env.BUCKET.put(assetKey(stale), 'stale');
    await env.DB.prepare('INSERT INTO assets (hash, last_seen_day) VALUES (?, ?)').bind(stale, dayNumber(Date.now()) - 200).run();

    await cron(Date.now() + 29 * DAY);
    expect(await hasObject(assetKey(stale))).toBe(false);
    expect(await assetRow(stale)).toBeNull();
    expect(await hasObject(assetKey(hash))).toBe(true);
    expect(await footprint(project.id, sid)).toEqual(kept);

    // Once the session is gone and a day of margin has passed, its stylesheet goes too.
    await cron(Date.now() + 32 * DAY);
    expect(await footprint(project.id, sid)).toEqual(gone);
    expect(await hasObject(assetKey(hash))).toBe(false);
    expect(await assetRow(hash)).toBeNull();
  });

  it('an ingest that meets an asset being deleted keeps it inline; a failed run is finished by the next', async () => {
    const project = await createProject();
    const css = stylesheet('old');
    const hash = await sha256(css);
    // An old asset that a run has claimed and then failed to delete from R2.
    await env.BUCKET.put(assetKey(hash), css);
    await env.DB.prepare('INSERT INTO assets (hash, last_seen_day) VALUES (?, ?)').bind(hash, dayNumber(Date.now()) - 100).run();
    await expect(runRetention(failingBucket((keys) => keys[0]!.startsWith('assets/')), Date.now())).rejects.toThrow('R2 unavailable');
    expect(await assetRow(hash)).toBe(CLAIMED);

    // A page that uses it now: its batch must not rely on the object the job is about to delete.
    const sid = await recordSession(project, css);
    const segment = await (await get(`/api/sessions/${project.id}/${sid}/segments/0`)).body!.pipeThrough(new DecompressionStream('gzip'));
    const text = await new Response(segment).text();
    expect(text).not.toContain(assetRef(hash));
    expect(text).toContain('.a { color: #123456; }');
    expect(await assetRow(hash)).toBe(CLAIMED);

    await runRetention(env, Date.now());
    expect(await hasObject(assetKey(hash))).toBe(false);
    expect(await assetRow(hash)).toBeNull();

    // Seen again after the deletion: stored afresh and referred to.
    const again = await recordSession(project, css);
    const next = await (await get(`/api/sessions/${project.id}/${again}/segments/0`)).body!.pipeThrough(new DecompressionStream('gzip'));
    expect(await new Response(next).text()).toContain(assetRef(hash));
    expect(await hasObject(assetKey(hash))).toBe(true);
    expect(await assetRow(hash)).toBe(dayNumber(Date.now()));
  });
});
