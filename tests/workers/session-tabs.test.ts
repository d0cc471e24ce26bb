import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { CustomTag, EventType, type RecordedEvent } from '../../wire/index.ts';
import { batch, click, endSession, fullSnapshot, meta, newSession, readSegment, send, sessionDetail } from './helpers.ts';

const signal = (t: number, tag: string, payload: unknown): RecordedEvent => ({ type: EventType.Custom, timestamp: t, data: { tag, payload } });

describe('tabs of one session', () => {
  it('stores the same seq from two tabs as two batches, each tab in its own segment from its own snapshot', async () => {
    const { project, sid, t } = await newSession();
    const a0 = batch(sid, 0, [meta(t, 'https://shop.test/'), fullSnapshot(t + 1), click(t + 2)], false, 'a');
    const b0 = batch(sid, 0, [meta(t + 10, 'https://shop.test/help'), fullSnapshot(t + 11)], false, 'b');
    expect(await (await send(project.key, a0)).json()).toMatchObject({ duplicate: false });
    expect(await (await send(project.key, b0)).json()).toMatchObject({ duplicate: false });
    expect(await (await send(project.key, a0)).json()).toMatchObject({ duplicate: true });
    await send(project.key, batch(sid, 1, [click(t + 20)], true, 'b'));
    await send(project.key, batch(sid, 1, [click(t + 30)], true, 'a'));
    await endSession(project.id, sid);

    const detail = await sessionDetail(project.id, sid);
    const byTab = Object.fromEntries(detail.manifest.segments.map((s) => [s.tab, s]));
    expect(Object.keys(byTab).sort()).toEqual(['a', 'b']);
    const a = await readSegment(project.id, sid, byTab.a!.index);
    const b = await readSegment(project.id, sid, byTab.b!.index);
    expect(a.map((e) => e.timestamp)).toEqual([t, t + 1, t + 2, t + 30]);
    expect(b.map((e) => e.timestamp)).toEqual([t + 10, t + 11, t + 20]);
    expect(detail.session).toMatchObject({ tabCount: 2, eventCount: 7, clickCount: 3, pageCount: 2 });
  });

  it('records a tab whose id is an Object.prototype key like any other', async () => {
    const { project, sid, t } = await newSession();
    const first = batch(sid, 0, [meta(t, 'https://a.test/'), fullSnapshot(t + 1), click(t + 2)], false, 'constructor');
    expect(await (await send(project.key, first)).json()).toMatchObject({ duplicate: false });
    const second = await send(project.key, batch(sid, 1, [click(t + 3)], true, 'constructor'));
    expect(second.status).toBe(200);
    expect(await (await send(project.key, first)).json()).toMatchObject({ duplicate: true });
    await endSession(project.id, sid);
    const detail = await sessionDetail(project.id, sid);
    expect(detail.session).toMatchObject({ tabCount: 1, eventCount: 4, clickCount: 2 });
    expect(detail.manifest.segments.map((s) => s.tab)).toEqual(['constructor']);
  });

  it('does not end the session while one tab is still open after another sent its final batch', async () => {
    const { project, sid, t } = await newSession();
    await send(project.key, batch(sid, 0, [meta(t, 'https://a.test/'), fullSnapshot(t + 1)], false, 'a'));
    await send(project.key, batch(sid, 0, [meta(t, 'https://a.test/x'), fullSnapshot(t + 1)], true, 'b'));
    const status = () => env.DB.prepare('SELECT status FROM sessions WHERE id = ?').bind(sid).first();
    await endSession(project.id, sid);
    expect(await status()).toEqual({ status: 'live' });
    await send(project.key, batch(sid, 1, [click(t + 5)], true, 'a'));
    await endSession(project.id, sid);
    expect(await status()).toEqual({ status: 'ended' });
  });

  it('merges the summary over tabs: entry and exit by time, referrer, active time, device class', async () => {
    const { project, sid, t } = await newSession();
    // Tab b starts later but is folded first (tabs are folded in id order): entry and exit come from timestamps.
    await send(project.key, batch(sid, 0, [
      meta(t + 1_000, 'https://shop.test/deals'),
      fullSnapshot(t + 1_001),
      click(t + 2_000),
      signal(t + 9_000, CustomTag.Navigation, { href: 'https://shop.test/checkout?step=2', kind: 'pushState' }),
    ], true, 'b'));
    await send(project.key, batch(sid, 0, [
      meta(t, 'https://shop.test/'),
      fullSnapshot(t + 1),
      signal(t + 2, CustomTag.Navigation, { href: 'https://shop.test/', kind: 'load', referrer: 'https://search.test/?q=shoes' }),
      click(t + 100),
      click(t + 1_100),
    ], true, 'a'));
    await endSession(project.id, sid);
    const row = await env.DB.prepare(
      'SELECT entry_url, exit_url, referrer, active_ms, device_class, tab_count, page_count, bytes FROM sessions WHERE id = ?',
    ).bind(sid).first();
    expect(row).toMatchObject({
      entry_url: 'https://shop.test/',
      exit_url: 'https://shop.test/checkout?step=2',
      referrer: 'https://search.test/?q=shoes',
      // Tab a: inputs at +100 and +1100 → 100..6100 (6 s); tab b: input at +2000 → 5 s.
      active_ms: 11_000,
      device_class: 'desktop',
      tab_count: 2,
      page_count: 3,
    });
    expect(row!.bytes as number).toBeGreaterThan(500);
  });

  it('answers a 400 to a batch from one tab more than a session may have, and keeps serving its tabs', async () => {
    const { project, sid, t } = await newSession();
    for (let i = 0; i < 32; i++) {
      const res = await send(project.key, batch(sid, 0, [meta(t + i, 'https://a.test/'), fullSnapshot(t + i)], false, `t${i}`));
      expect(res.status).toBe(200);
    }
    const extra = await send(project.key, batch(sid, 0, [meta(t, 'https://a.test/')], false, 'one0more'));
    expect(extra.status).toBe(400);
    expect(await extra.json()).toMatchObject({ error: { code: 'invalid_batch' } });
    expect((await send(project.key, batch(sid, 1, [click(t + 50)], false, 't3'))).status).toBe(200);
  });
});
