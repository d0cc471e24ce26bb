import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import type { StoredManifest } from '../../durable-objects/session/state.ts';
import { CustomTag, EventType, type IngestBatch, type SessionListResponse } from '../../wire/index.ts';
import { gzip } from '../../workers/compression.ts';
import { ORIGIN, batch, click, createProject, endSession, fullSnapshot, get, meta, newSession, readSegment, recorder, send, sessionDetail, sessionId, storedBatchRows, storedRows } from './helpers.ts';

/** The manifest on a session's D1 row (gzip JSON), resume state included. */
async function storedManifest(projectId: string, sid: string): Promise<StoredManifest> {
  const row = await env.DB.prepare('SELECT manifest FROM sessions WHERE project_id = ? AND id = ?').bind(projectId, sid).first<{ manifest: number[] }>();
  const gzipped = new Blob([new Uint8Array(row!.manifest)]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(gzipped).json<StoredManifest>();
}

describe('ingest → Durable Object → alarm → R2 + D1', () => {
  it('writes the segment to R2 and the session row with its manifest to D1 when the session ends', async () => {
    const { project, sid, t } = await newSession();

    const first = await send(project.key, batch(sid, 0, [meta(t, 'https://shop.test/'), fullSnapshot(t + 1), click(t + 500)]));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, duplicate: false, live: false });
    const last = await send(project.key, batch(sid, 1, [click(t + 900), meta(t + 1000, 'https://shop.test/cart'), fullSnapshot(t + 1001)], true));
    expect(await last.json()).toEqual({ ok: true, duplicate: false, live: false });

    await endSession(project.id, sid);

    const row = await env.DB.prepare('SELECT * FROM sessions WHERE project_id = ? AND id = ?').bind(project.id, sid).first();
    expect(row).toMatchObject({
      status: 'ended',
      started_at: t,
      ended_at: t + 1001,
      duration_ms: 1001,
      event_count: 6,
      click_count: 2,
      page_count: 2,
      entry_url: 'https://shop.test/',
      exit_url: 'https://shop.test/cart',
      segment_count: 1,
    });

    // The manifest is on the ended row; R2 holds the segments only.
    expect(await storedManifest(project.id, sid)).toMatchObject({ projectId: project.id, sessionId: sid, startedAt: t, endedAt: t + 1001, segments: [{ index: 0, eventCount: 6 }] });
    const objects = await env.BUCKET.list({ prefix: `sessions/${project.id}/${sid}/` });
    expect(objects.objects.map((o) => o.key)).toEqual([`sessions/${project.id}/${sid}/segment-0.json.gz`]);
    const events = await readSegment(project.id, sid, 0);
    expect(events.map((e) => e.timestamp)).toEqual([t, t + 1, t + 500, t + 900, t + 1000, t + 1001]);

    // Finalisation empties the DO's storage: the manifest holds what a late batch needs.
    expect(await storedRows(project.id, sid)).toBe(0);
  });

  it("counts the SDK's signals into the session row", async () => {
    const { project, sid, t } = await newSession();
    const signal = (dt: number, tag: string, payload: unknown) => ({ type: EventType.Custom, timestamp: t + dt, data: { tag, payload } });
    await send(project.key, batch(sid, 0, [
      meta(t, 'https://shop.test/'),
      fullSnapshot(t + 1),
      signal(2, CustomTag.Identify, { userId: 'user-42', traits: { plan: 'pro' } }),
      signal(3, CustomTag.Error, { kind: 'error', message: 'TypeError: x is undefined' }),
      signal(4, CustomTag.Console, { level: 'error', args: ['failed'] }),
      signal(5, CustomTag.RageClick, { selector: 'button#pay', text: 'Pay', x: 1, y: 1, count: 5 }),
      signal(6, CustomTag.DeadClick, { selector: 'a.help', text: 'Help', x: 1, y: 1 }),
      signal(7, CustomTag.Navigation, { href: 'https://shop.test/cart', kind: 'pushState' }),
    ], true));
    await endSession(project.id, sid);
    const row = await env.DB.prepare(
      'SELECT user_id, error_count, console_error_count, rage_click_count, dead_click_count, page_count, exit_url FROM sessions WHERE id = ?',
    ).bind(sid).first();
    expect(row).toEqual({
      user_id: 'user-42',
      error_count: 1,
      console_error_count: 1,
      rage_click_count: 1,
      dead_click_count: 1,
      page_count: 2,
      exit_url: 'https://shop.test/cart',
    });
  });

  it('stores custom properties as indexed rows and returns them with the session', async () => {
    const { project, sid, t } = await newSession();
    const props = (dt: number, p: Record<string, unknown>) => ({ type: EventType.Custom, timestamp: t + dt, data: { tag: CustomTag.Properties, payload: { props: p } } });
    const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${String(i).padStart(2, '0')}`, i]));
    await send(project.key, batch(sid, 0, [
      meta(t, 'https://a.test/'),
      fullSnapshot(t + 1),
      props(2, { plan: 'pro', ...many }),
      { type: EventType.Custom, timestamp: t + 3, data: { tag: CustomTag.Identify, payload: { userId: 'u1', traits: { company: 'Acme' } } } },
    ], true));
    await endSession(project.id, sid);

    const rows = await env.DB.prepare('SELECT key, value FROM session_properties WHERE project_id = ? AND session_id = ? ORDER BY key').bind(project.id, sid).all();
    expect(rows.results).toHaveLength(50);
    expect(rows.results).toContainEqual({ key: 'plan', value: 'pro' });
    const found = await env.DB.prepare(
      "SELECT session_id FROM session_properties WHERE project_id = ? AND key = 'plan' AND value = 'pro'",
    ).bind(project.id).all();
    expect(found.results).toEqual([{ session_id: sid }]);
    const detail = await sessionDetail(project.id, sid);
    expect(detail.properties).toMatchObject({ plan: 'pro', k00: '0' });
    expect(Object.keys(detail.properties)).toHaveLength(50);
  });

  it('acknowledges a repeated seq without storing it twice, before and after the session ends', async () => {
    const { project, sid, t } = await newSession();
    const b0 = batch(sid, 0, [meta(t, 'https://a.test/'), fullSnapshot(t + 1)]);
    expect(await (await send(project.key, b0)).json()).toEqual({ ok: true, duplicate: false, live: false });
    expect(await (await send(project.key, b0)).json()).toEqual({ ok: true, duplicate: true, live: false });
    await send(project.key, batch(sid, 1, [click(t + 2)], true));
    await endSession(project.id, sid);

    // A retry that arrives after the session was written to R2 is still recognised, also by a
    // fresh instance that must read its state back from storage.
    expect(await (await send(project.key, b0)).json()).toEqual({ ok: true, duplicate: true, live: false });
    await evictDurableObject(recorder(project.id, sid));
    expect(await (await send(project.key, b0)).json()).toEqual({ ok: true, duplicate: true, live: false });
    const row = await env.DB.prepare('SELECT event_count FROM sessions WHERE id = ?').bind(sid).first();
    expect(row).toEqual({ event_count: 3 });
  });

  it('orders batches by seq whatever order they arrive in, and skips gaps', async () => {
    const { project, sid, t } = await newSession();
    await send(project.key, batch(sid, 3, [click(t + 30)], true));
    await send(project.key, batch(sid, 0, [meta(t, 'https://a.test/'), fullSnapshot(t + 1)]));
    await send(project.key, batch(sid, 1, [click(t + 10)]));
    // seq 2 never arrives: the session still ends.
    await endSession(project.id, sid);
    const events = await readSegment(project.id, sid, 0);
    expect(events.map((e) => e.timestamp)).toEqual([t, t + 1, t + 10, t + 30]);
    // The gap stays on record in the manifest's resume state, so a late seq 2 would still be taken.
    expect((await storedManifest(project.id, sid)).recorder.finalized).toEqual({ main: [[0, 1], [3, 3]] });
  });

  it('acknowledges a retry that races the first batch of its session as a duplicate', async () => {
    const { project, sid, t } = await newSession();
    const b0 = batch(sid, 0, [meta(t, 'https://a.test/'), fullSnapshot(t + 1)], true);
    // Both reach the new DO while it reads the manifest to learn whether the session ended before.
    const answers = await Promise.all([send(project.key, b0), send(project.key, b0)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as Array<{ duplicate: boolean }>;
    expect(bodies.map((b) => b.duplicate).sort()).toEqual([false, true]);
    expect(await storedBatchRows(project.id, sid)).toBe(1);
    await endSession(project.id, sid);
    expect(await env.DB.prepare('SELECT event_count FROM sessions WHERE id = ?').bind(sid).first()).toEqual({ event_count: 2 });
  });

  it("keeps the browser, OS, device and country of the session's first request, also when it reopens", async () => {
    const { project, sid, t } = await newSession();
    const phone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';
    const from = async (b: IngestBatch, userAgent: string, country: string) =>
      exports.default.fetch(new Request(`${ORIGIN}/v1/ingest?k=${project.key}`, {
        method: 'POST',
        body: await gzip(JSON.stringify(b)),
        headers: { 'user-agent': userAgent },
        cf: { country },
      }));
    const columns = () => env.DB.prepare('SELECT browser, os, device_class, country, user_agent FROM sessions WHERE id = ?').bind(sid).first();
    const expected = { browser: 'Safari', os: 'iOS', device_class: 'mobile', country: 'NL', user_agent: phone };
    expect((await from(batch(sid, 0, [meta(t, 'https://a.test/'), fullSnapshot(t + 1)], true), phone, 'NL')).status).toBe(200);
    await endSession(project.id, sid);
    expect(await columns()).toEqual(expected);
    // A late batch from elsewhere reopens the session from its manifest: the session is still who it was.
    expect((await from(batch(sid, 1, [click(t + 5)], true), 'curl/8.0', 'US')).status).toBe(200);
    await endSession(project.id, sid);
    expect(await columns()).toEqual(expected);
  });

  it('finishes a finalisation that failed halfway on the next alarm, losing and doubling nothing', async () => {
    const { project, sid, t } = await newSession();
    const stub = recorder(project.id, sid);
    await send(project.key, batch(sid, 0, [meta(t, 'https://a.test/'), fullSnapshot(t + 1), click(t + 2)]));
    await expect.poll(() => env.DB.prepare('SELECT status FROM sessions WHERE id = ?').bind(sid).first()).toEqual({ status: 'live' });

    // With the sessions table away, the alarm after the final batch writes the segment to R2,
    // then fails on D1 (the row and its manifest) and throws.
    await env.DB.prepare('ALTER TABLE sessions RENAME TO sessions_away').run();
    try {
      await send(project.key, batch(sid, 1, [click(t + 3)], true));
      await expect.poll(() => env.BUCKET.head(`sessions/${project.id}/${sid}/segment-0.json.gz`)).not.toBeNull();
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await env.DB.prepare('ALTER TABLE sessions_away RENAME TO sessions').run();
    }
    expect(await storedBatchRows(project.id, sid)).toBe(2);
    expect(await env.DB.prepare('SELECT status FROM sessions WHERE id = ?').bind(sid).first()).toEqual({ status: 'live' });

    // The next run of the alarm writes the same objects again and completes.
    await runInDurableObject(stub, (instance) => instance.alarm());
    const row = await env.DB.prepare('SELECT status, event_count, click_count, segment_count FROM sessions WHERE id = ?').bind(sid).first();
    expect(row).toEqual({ status: 'ended', event_count: 4, click_count: 2, segment_count: 1 });
    const listed = await env.BUCKET.list({ prefix: `sessions/${project.id}/${sid}/` });
    expect(listed.objects.map((o) => o.key)).toEqual([`sessions/${project.id}/${sid}/segment-0.json.gz`]);
    expect((await storedManifest(project.id, sid)).segments.map((s) => s.eventCount)).toEqual([4]);
    expect((await readSegment(project.id, sid, 0)).map((e) => e.timestamp)).toEqual([t, t + 1, t + 2, t + 3]);
    expect(await storedRows(project.id, sid)).toBe(0);
  });

  it('re-arms instead of ending while the session is still active', async () => {
    const { project, sid, t } = await newSession();
    await send(project.key, batch(sid, 0, [meta(t, 'https://a.test/'), fullSnapshot(t + 1)]));
    const stub = recorder(project.id, sid);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const alarm = await runInDurableObject(stub, (_o, state) => state.storage.getAlarm());
    // Idle timeout in tests is 60 s: the alarm moved to about a minute from the batch.
    expect(alarm).toBeGreaterThan(Date.now() + 50_000);
    // Still recording: its row says live and has no manifest, and nothing was written to R2.
    await expect.poll(() => env.DB.prepare('SELECT status, manifest FROM sessions WHERE id = ?').bind(sid).first()).toEqual({ status: 'live', manifest: null });
    expect((await env.BUCKET.list({ prefix: `sessions/${project.id}/${sid}/` })).objects).toEqual([]);
  });

  it('sets the alarm only when it must come sooner, not for every batch', async () => {
    const { project, sid, t } = await newSession();
    const stub = recorder(project.id, sid);
    const alarm = () => runInDurableObject(stub, (_o, state) => state.storage.getAlarm());
    await send(project.key, batch(sid, 0, [meta(t, 'https://a.test/'), fullSnapshot(t + 1)]));
    const first = await alarm();
    // Idle timeout in tests is 60 s.
    expect(first).toBeGreaterThan(Date.now() + 50_000);
    await new Promise((r) => setTimeout(r, 20));
    await send(project.key, batch(sid, 1, [click(t + 2)]));
    // A later idle end does not move it: alarm() re-arms from stored state when it fires.
    expect(await alarm()).toBe(first);
    await send(project.key, batch(sid, 2, [click(t + 3)], true));
    // The final batch's grace period (200 ms in tests) brings it forward.
    expect(await alarm()).toBeLessThan(Date.now() + 1_000);
    await endSession(project.id, sid);
    expect(await env.DB.prepare('SELECT status, event_count FROM sessions WHERE id = ?').bind(sid).first()).toEqual({ status: 'ended', event_count: 4 });
  });

  it('extends a session when a batch arrives after it ended, appending a segment', async () => {
    const { project, sid, t } = await newSession();
    await send(project.key, batch(sid, 0, [meta(t, 'https://a.test/'), fullSnapshot(t + 1)], true));
    await endSession(project.id, sid);
    await send(project.key, batch(sid, 1, [meta(t + 5000, 'https://a.test/b'), fullSnapshot(t + 5001), click(t + 5002)], true));
    await endSession(project.id, sid);

    const detail = await sessionDetail(project.id, sid);
    expect(detail.manifest.segments.map((s) => [s.index, s.eventCount])).toEqual([[0, 2], [1, 3]]);
    expect(detail.session).toMatchObject({ eventCount: 5, pageCount: 2, clickCount: 1, durationMs: 5002, segmentCount: 2 });
    expect((await readSegment(project.id, sid, 1))[0]!.timestamp).toBe(t + 5000);
  });

  it('keeps the same session id under two projects apart', async () => {
    const a = await createProject();
    const b = await createProject();
    const sid = sessionId();
    const t = Date.now();
    await send(a.key, batch(sid, 0, [meta(t, 'https://a.test/'), fullSnapshot(t + 1)], true));
    await send(b.key, batch(sid, 0, [meta(t, 'https://b.test/'), fullSnapshot(t + 1), click(t + 2)], true));
    await endSession(a.id, sid);
    await endSession(b.id, sid);
    const rows = await env.DB.prepare('SELECT project_id, entry_url, event_count FROM sessions WHERE id = ? ORDER BY entry_url').bind(sid).all();
    expect(rows.results).toEqual([
      { project_id: a.id, entry_url: 'https://a.test/', event_count: 2 },
      { project_id: b.id, entry_url: 'https://b.test/', event_count: 3 },
    ]);
  });

  it('stores a batch larger than one SQLite row across parts and restores it intact', async () => {
    const { project, sid, t } = await newSession();
    const big = 'x'.repeat(2_500_000); // > 2 MB row limit once stored
    await send(project.key, batch(sid, 0, [meta(t, 'https://a.test/'), fullSnapshot(t + 1, big)], true));
    await endSession(project.id, sid);
    const events = await readSegment(project.id, sid, 0);
    expect((events[1]!.data as { node: { childNodes: Array<{ textContent: string }> } }).node.childNodes[0]!.textContent).toBe(big);
  });
});

describe('dashboard API', () => {
  it('lists ended sessions newest first with a working cursor', async () => {
    const project = await createProject();
    const t = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const sid = sessionId(t + i);
      ids.push(sid);
      await send(project.key, batch(sid, 0, [meta(t + i * 1000, 'https://a.test/'), fullSnapshot(t + i * 1000 + 1)], true));
    }
    for (const sid of ids) await endSession(project.id, sid);

    const all = (await (await get(`/api/sessions?project=${project.id}`)).json()) as SessionListResponse;
    expect(all.sessions.map((s) => s.sessionId)).toEqual([...ids].reverse());
    expect(all.nextCursor).toBeNull();

    const projects = (await (await get('/api/projects')).json()) as { projects: Array<{ id: string }> };
    expect(projects.projects.map((p) => p.id)).toContain(project.id);
  });

  it('pages through sessions with the cursor, 50 at a time', async () => {
    const project = await createProject();
    const stmt = env.DB.prepare(
      `INSERT INTO sessions (project_id, id, status, started_at, ended_at, duration_ms, event_count, page_count, click_count, bytes, segment_count)
       VALUES (?, ?, 'ended', ?, ?, 0, 1, 1, 0, 10, 1)`,
    );
    const t = Date.now();
    await env.DB.batch(Array.from({ length: 60 }, (_, i) => stmt.bind(project.id, sessionId(t + i), t + (i % 7), t + 1)));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = (await (await get(`/api/sessions?project=${project.id}${q}`)).json()) as SessionListResponse;
      seen.push(...page.sessions.map((s) => s.sessionId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(60);
  });

  it('lists a session as live from its first batch, and as ended once written out', async () => {
    const { project, sid, t } = await newSession();
    await send(project.key, batch(sid, 0, [meta(t, 'https://shop.test/live'), fullSnapshot(t + 1)]));
    const list = async (status?: string) =>
      ((await (await get(`/api/sessions?project=${project.id}${status ? `&status=${status}` : ''}`)).json()) as SessionListResponse).sessions;
    await expect.poll(async () => (await list('live')).map((s) => s.sessionId)).toEqual([sid]);
    expect((await list('live'))[0]).toMatchObject({ entryUrl: 'https://shop.test/live', startedAt: t, segmentCount: 0 });
    expect(await list()).toEqual([]);
    const stillRecording = await get(`/api/sessions/${project.id}/${sid}`);
    expect(stillRecording.status).toBe(404);
    expect(await stillRecording.json()).toMatchObject({ error: { code: 'not_found', message: expect.stringContaining('still recording') } });

    await send(project.key, batch(sid, 1, [click(t + 10)], true));
    await endSession(project.id, sid);
    expect(await list('live')).toEqual([]);
    expect((await list()).map((s) => [s.sessionId, s.eventCount])).toEqual([[sid, 3]]);
    const bad = await get(`/api/sessions?project=${project.id}&status=maybe`);
    expect(bad.status).toBe(400);
  });

  it('finds the project of a session id for deep links', async () => {
    const { project, sid, t } = await newSession();
    await send(project.key, batch(sid, 0, [meta(t, 'https://a.test/'), fullSnapshot(t + 1)], true));
    // While it records, a link is told so (the dashboard opens the live view instead of a replay).
    await vi.waitFor(async () => expect(await (await get(`/api/find-session/${sid}`)).json()).toMatchObject({ status: 'live' }));
    await endSession(project.id, sid);
    const found = await get(`/api/find-session/${sid}`);
    expect(await found.json()).toEqual({ projectId: project.id, sessionId: sid, status: 'ended' });
    expect((await get(`/api/find-session/${sessionId()}`)).status).toBe(404);
    const bad = await get('/api/find-session/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'bad_request' } });
  });

  it('answers unknown sessions and bad parameters with JSON errors', async () => {
    const project = await createProject();
    const missing = await get(`/api/sessions/${project.id}/${sessionId()}`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
    for (const path of [
      '/api/sessions',
      '/api/sessions?project=../etc',
      `/api/sessions?project=${project.id}&cursor=garbage`,
      `/api/sessions/${project.id}/not-a-session`,
      `/api/sessions/${project.id}/${sessionId()}/segments/-1`,
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect(await res.json(), path).toMatchObject({ error: { code: 'bad_request' } });
    }
    const unknownRoute = await get('/api/nothing-here');
    expect(unknownRoute.status).toBe(404);
    expect(await unknownRoute.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
