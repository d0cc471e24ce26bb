import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CustomTag, EventType, type RecordedEvent } from '../../wire/index.ts';
import { batch, click, createProject, endSession, fullSnapshot, meta, newSession, send, sessionId } from './helpers.ts';

const signal = (t: number, tag: string, payload: unknown): RecordedEvent => ({ type: EventType.Custom, timestamp: t, data: { tag, payload } });

/** A ten-minute visit as the SDK would send it: 5 pages, 10 distinct click targets, one error, 3 properties, 120 flushes. */
function typicalVisit(sid: string, t: number) {
  const batches = [];
  for (let seq = 0; seq < 120; seq++) {
    const at = t + seq * 5_000;
    const events: RecordedEvent[] = [click(at), { type: EventType.IncrementalSnapshot, timestamp: at + 1, data: { source: 1, positions: [] } }];
    if (seq % 24 === 0) {
      const page = `https://shop.test/p${seq / 24}?ref=${seq}`;
      events.unshift(meta(at - 2, page), fullSnapshot(at - 1));
      events.push(signal(at + 2, CustomTag.Navigation, { href: page, kind: 'load' }));
    }
    if (seq % 12 === 0) events.push(signal(at + 3, CustomTag.Click, { selector: `button#b${seq / 12}`, text: `Button ${seq / 12}`, x: 1, y: 1 }));
    if (seq === 60) events.push(signal(at + 4, CustomTag.Error, { kind: 'error', message: 'TypeError: cart is undefined' }));
    if (seq === 1) events.push(signal(at + 5, CustomTag.Properties, { props: { plan: 'pro', cart: 2, ab: 'b' } }));
    batches.push(batch(sid, seq, events, seq === 119));
  }
  return batches;
}

function loggedEvents(spy: { mock: { calls: unknown[][] } }, event: string): Array<Record<string, number>> {
  return spy.mock.calls
    .map((call) => String(call[0]))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, number> & { event: string })
    .filter((fields) => (fields.event as unknown) === event);
}

describe('search values and metering', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes capped, normalised urls once and clicks and errors into the row, also when a reopened session is written again', async () => {
    const { project, sid, t } = await newSession();
    const events: RecordedEvent[] = [meta(t, 'https://shop.test/?utm=x#top'), fullSnapshot(t + 1)];
    for (let i = 0; i < 30; i++) events.push(signal(t + 10 + i, CustomTag.Navigation, { href: `https://shop.test/item/${i}?session=abc`, kind: 'pushState' }));
    events.push(signal(t + 50, CustomTag.Navigation, { href: 'https://shop.test/app#/settings', kind: 'hashchange' }));
    for (let i = 0; i < 3; i++) events.push(signal(t + 60 + i, CustomTag.Click, { selector: 'button#pay', text: ' Pay ', x: 0, y: 0 }));
    events.push(signal(t + 70, CustomTag.Error, { kind: 'error', message: 'boom' }), signal(t + 71, CustomTag.Error, { kind: 'error', message: 'boom' }));
    await send(project.key, batch(sid, 0, events, true));
    await endSession(project.id, sid);

    const urls = await env.DB.prepare('SELECT url FROM session_urls WHERE project_id = ? AND session_id = ? ORDER BY first_at').bind(project.id, sid).all();
    expect(urls.results).toHaveLength(20);
    expect(urls.results.slice(0, 2)).toEqual([{ url: 'https://shop.test/' }, { url: 'https://shop.test/item/0' }]);
    // Click targets and error messages are text on the session row, no rows of their own.
    const searchColumns = () => env.DB.prepare('SELECT click_targets, error_messages FROM sessions WHERE project_id = ? AND id = ?').bind(project.id, sid).first();
    expect(await searchColumns()).toEqual({ click_targets: 'button#pay\tPay', error_messages: 'boom' });

    // The filters' queries: equals, did-not-visit, contains.
    const visited = await env.DB.prepare('SELECT session_id FROM session_urls WHERE project_id = ? AND url = ?').bind(project.id, 'https://shop.test/item/3').all();
    expect(visited.results).toEqual([{ session_id: sid }]);
    const contains = await env.DB.prepare("SELECT DISTINCT session_id FROM session_urls WHERE project_id = ? AND url LIKE '%item/1%'").bind(project.id).all();
    expect(contains.results).toEqual([{ session_id: sid }]);

    // Reopen with a new page and an error: rewritten rows are not doubled, the new ones join within the caps.
    await send(project.key, batch(sid, 1, [meta(t + 9_000, 'https://shop.test/app#/settings'), fullSnapshot(t + 9_001), signal(t + 9_002, CustomTag.Error, { kind: 'error', message: 'later' })], true));
    await endSession(project.id, sid);
    const count = async (table: string) =>
      (await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE project_id = ? AND session_id = ?`).bind(project.id, sid).first<{ n: number }>())!.n;
    expect(await count('session_urls')).toBe(20);
    expect(await searchColumns()).toEqual({ click_targets: 'button#pay\tPay', error_messages: 'boom\nlater' });
  });

  it('meters each stored batch and each finalisation; a typical ten-minute session stays within its row budget', async () => {
    const log = vi.spyOn(console, 'log');
    const project = await createProject();
    const sid = sessionId();
    const t = Date.now() - 600_000;
    for (const b of typicalVisit(sid, t)) await send(project.key, b);
    await endSession(project.id, sid);

    const batches = loggedEvents(log, 'do.batch');
    expect(batches).toHaveLength(120);
    expect(batches.every((b) => b.doRowsWritten! >= 1)).toBe(true);
    const [finalized] = loggedEvents(log, 'session.finalized');
    // One segment; the manifest is on the D1 row, gzip.
    expect(finalized).toMatchObject({ r2Puts: 1, segments: 1, storageCleared: 1 });
    expect(finalized!.manifestBytes).toBeGreaterThan(0);
    // One alarm ran, the one the final batch brought forward: it found the session over.
    expect(loggedEvents(log, 'do.alarm')).toEqual([{ event: 'do.alarm', doRowsWritten: 0 }]);
    const [started] = loggedEvents(log, 'session.started');
    const doRowsPerSession = batches.reduce((n, b) => n + b.doRowsWritten!, 0) + finalized!.doRowsWritten!;
    const d1RowsPerSession = started!.d1RowsWritten! + finalized!.d1RowsWritten!;
    // Reported in durable-objects/session/README.md: one DO row per batch stored, 2 for creating the
    // one table, the state row (in that table), and each setAlarm() (billed as a row). deleteAll()
    // clears the rest; deleting each batch would double the figure.
    console.info('rows written for a typical 10-minute session', { doRowsPerSession, d1AtStart: started!.d1RowsWritten, d1AtEnd: finalized!.d1RowsWritten });
    expect(doRowsPerSession).toBe(120 + 2 + 1 + 2);
    // The live row and its list index entry.
    expect(started!.d1RowsWritten).toBe(2);
    // At the end: the row and its list index entry, its 2 entries in the partial indexes of
    // sessions with errors (migrations/0015: only 5% of sessions), 2 per property, 1 per URL;
    // click targets and the error are columns of the row.
    expect(finalized!.d1RowsWritten).toBe(2 + 2 + 3 * 2 + 5);
    expect(d1RowsPerSession).toBe(17);
    const row = await env.DB.prepare('SELECT active_ms, page_count FROM sessions WHERE id = ?').bind(sid).first<{ active_ms: number; page_count: number }>();
    expect(row!.page_count).toBe(5);
    // A click and a mouse move every 5 s: active all along.
    expect(row!.active_ms).toBeGreaterThan(595_000);
  });
});
