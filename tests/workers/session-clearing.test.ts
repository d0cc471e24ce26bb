import { evictDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { CustomTag, EventType } from '../../wire/index.ts';
import { batch, click, endSession, fullSnapshot, meta, newSession, readSegment, recorder, send, sessionDetail, storedRows } from './helpers.ts';

describe('after finalisation', () => {
  it('keeps no rows in the DO, still recognises a retry, and reopens on a new seq from the manifest', async () => {
    const { project, sid, t } = await newSession();
    const a0 = batch(sid, 0, [meta(t, 'https://a.test/'), fullSnapshot(t + 1), click(t + 2)], false, 'a');
    await send(project.key, a0);
    await send(project.key, batch(sid, 0, [meta(t + 5, 'https://a.test/b'), fullSnapshot(t + 6)], true, 'b'));
    await send(project.key, batch(sid, 1, [{ type: EventType.Custom, timestamp: t + 7, data: { tag: CustomTag.Identify, payload: { userId: 'u-7', traits: {} } } }], true, 'a'));
    await endSession(project.id, sid);
    expect(await storedRows(project.id, sid)).toBe(0);

    // A retry reaching a fresh instance with empty storage: acknowledged, nothing stored.
    await evictDurableObject(recorder(project.id, sid));
    expect(await (await send(project.key, a0)).json()).toMatchObject({ duplicate: true });
    expect(await storedRows(project.id, sid)).toBe(0);

    // A new seq of tab b reopens the session: its state comes back from the manifest.
    expect(await (await send(project.key, batch(sid, 1, [meta(t + 5_000, 'https://a.test/c'), fullSnapshot(t + 5_001), click(t + 5_002)], true, 'b'))).json())
      .toMatchObject({ duplicate: false });
    expect(await storedRows(project.id, sid)).toBeGreaterThan(0);
    await endSession(project.id, sid);
    expect(await storedRows(project.id, sid)).toBe(0);

    const detail = await sessionDetail(project.id, sid);
    expect(detail.manifest.segments.map((s) => [s.index, s.tab, s.eventCount])).toEqual([[0, 'a', 4], [1, 'b', 2], [2, 'b', 3]]);
    expect(detail.session).toMatchObject({
      eventCount: 9,
      clickCount: 2,
      pageCount: 3,
      tabCount: 2,
      userId: 'u-7',
      entryUrl: 'https://a.test/',
      exitUrl: 'https://a.test/c',
      segmentCount: 3,
      durationMs: 5_002,
    });
    expect((await readSegment(project.id, sid, 2))[0]!.timestamp).toBe(t + 5_000);
    expect(detail.manifest).not.toHaveProperty('recorder');
    expect(detail.manifest.markers.map((m) => m.kind)).toEqual(['navigation', 'navigation', 'navigation']);
    const rows = await env.DB.prepare('SELECT COUNT(*) AS n FROM sessions WHERE id = ?').bind(sid).first();
    expect(rows).toEqual({ n: 1 });
  });

  it('tells a live viewer of a finished, emptied session that it ended', async () => {
    const { project, sid, t } = await newSession();
    await send(project.key, batch(sid, 0, [meta(t, 'https://a.test/'), fullSnapshot(t + 1)], true));
    await endSession(project.id, sid);
    await evictDurableObject(recorder(project.id, sid));
    const res = await recorder(project.id, sid).fetch(new Request('https://do/live', { headers: { upgrade: 'websocket' } }));
    expect(res.status).toBe(101);
    res.webSocket!.accept();
    const first = await new Promise<string>((resolve) => res.webSocket!.addEventListener('message', (m) => resolve(m.data as string)));
    expect(JSON.parse(first)).toEqual({ type: 'ended' });
  });
});
