import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../wire/index.ts';
import { runInDurableObject } from 'cloudflare:test';
import { batch, click, endSession, fullSnapshot, meta, newSession, readSegment, recorder, send, sessionDetail, storedBatchRows, storedRows } from './helpers.ts';

// The workers project sets SEGMENT_TARGET_BYTES to 50 KB (vitest.config.ts); a checkout here is ~30 KB.
const SNAPSHOT_TEXT = 30_000;

/** One SDK flush: the tail of the previous checkout, then a new checkout, cut mid-batch. */
function flush(t: number, n: number): RecordedEvent[] {
  return [click(t + n * 100), click(t + n * 100 + 1), meta(t + n * 100 + 2, `https://a.test/p${n}`), fullSnapshot(t + n * 100 + 3, 'x'.repeat(SNAPSHOT_TEXT)), click(t + n * 100 + 4)];
}

describe('compaction while a session runs', () => {
  it('keeps the DO small while running, and the manifest lists every event once, in order', async () => {
    const { project, sid, t } = await newSession();
    const sent: number[] = [];
    const rowsWhileRunning: number[] = [];
    for (let n = 0; n < 12; n++) {
      const events = flush(t, n);
      sent.push(...events.map((e) => e.timestamp));
      const res = await send(project.key, batch(sid, n, events, n === 11));
      expect(await res.json()).toMatchObject({ duplicate: false });
      rowsWhileRunning.push(await storedBatchRows(project.id, sid));
    }
    // 12 batches of ~30 KB went in; with a 50 KB target no more than a segment and a bit stays.
    expect(Math.max(...rowsWhileRunning)).toBeLessThanOrEqual(3);
    const compacted = (await env.BUCKET.list({ prefix: `sessions/${project.id}/${sid}/segment-` })).objects.length;
    expect(compacted).toBeGreaterThanOrEqual(4);

    // Retries of compacted and of still-pending seqs are recognised.
    expect(await (await send(project.key, batch(sid, 0, flush(t, 0)))).json()).toMatchObject({ duplicate: true });
    expect(await (await send(project.key, batch(sid, 11, flush(t, 11), true))).json()).toMatchObject({ duplicate: true });

    await endSession(project.id, sid);
    const detail = await sessionDetail(project.id, sid);
    const segments = detail.manifest.segments;
    expect(segments.map((s) => s.index)).toEqual(segments.map((_, i) => i));
    const events: RecordedEvent[] = [];
    for (const segment of segments) {
      const part = await readSegment(project.id, sid, segment.index);
      expect(part.length).toBe(segment.eventCount);
      events.push(...part);
    }
    expect(events.map((e) => e.timestamp)).toEqual(sent);
    // Every segment but the first starts at a checkout (Meta + full snapshot).
    for (const segment of segments.slice(1)) {
      expect((await readSegment(project.id, sid, segment.index)).slice(0, 2).map((e) => e.type)).toEqual([4, 2]);
    }
    expect(detail.session).toMatchObject({ eventCount: sent.length, clickCount: 36, pageCount: 12, segmentCount: segments.length });
    expect(await storedRows(project.id, sid)).toBe(0);
  });

  it("compacts each tab on its own, each tab's segments starting at its own snapshots", async () => {
    const { project, sid, t } = await newSession();
    for (let n = 0; n < 6; n++) {
      await send(project.key, batch(sid, n, flush(t, n), n === 5, 'a'));
      await send(project.key, batch(sid, n, flush(t + 50, n), n === 5, 'b'));
    }
    await endSession(project.id, sid);
    const detail = await sessionDetail(project.id, sid);
    for (const tab of ['a', 'b']) {
      const own = detail.manifest.segments.filter((s) => s.tab === tab);
      expect(own.length).toBeGreaterThanOrEqual(2);
      const events = (await Promise.all(own.map((s) => readSegment(project.id, sid, s.index)))).flat();
      const offset = tab === 'a' ? 0 : 50;
      expect(events.map((e) => e.timestamp)).toEqual(Array.from({ length: 6 }, (_, n) => flush(t + offset, n).map((e) => e.timestamp)).flat());
    }
    expect(detail.session).toMatchObject({ tabCount: 2, eventCount: 60 });
  });

  it('recovers from a compaction that wrote its segment to R2 but crashed before its state row', async () => {
    const { project, sid, t } = await newSession();
    const stub = recorder(project.id, sid);
    const sql = (statement: string) => runInDurableObject(stub, (_o, state) => void state.storage.sql.exec(statement));
    const sent: number[] = [];
    const sendFlush = async (n: number, final = false) => {
      const events = flush(t, n);
      sent.push(...events.map((e) => e.timestamp));
      const res = await send(project.key, batch(sid, n, events, final));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ duplicate: false });
    };
    await sendFlush(0);
    await sendFlush(1);
    // With deletes refused, the third batch's compaction writes segment 0, then its transaction
    // (batch deletes + state row) fails and rolls back.
    await sql("CREATE TRIGGER crash BEFORE DELETE ON batches BEGIN SELECT RAISE(ABORT, 'crash'); END");
    try {
      await sendFlush(2);
    } finally {
      await sql('DROP TRIGGER crash');
    }
    expect(await env.BUCKET.head(`sessions/${project.id}/${sid}/segment-0.json.gz`)).not.toBeNull();
    expect(await storedBatchRows(project.id, sid)).toBe(3);
    const segmentsInState = await runInDurableObject(stub, (_o, state) =>
      (JSON.parse(new TextDecoder().decode(state.storage.sql.exec<{ data: ArrayBuffer }>("SELECT data FROM batches WHERE tab = ''").one().data)) as { segments: unknown[] }).segments.length);
    expect(segmentsInState).toBe(0);

    // The next compaction writes the same keys again; the session ends with every event once.
    for (let n = 3; n < 7; n++) await sendFlush(n, n === 6);
    await endSession(project.id, sid);
    const detail = await sessionDetail(project.id, sid);
    const segments = detail.manifest.segments;
    expect(segments.length).toBeGreaterThanOrEqual(3);
    const events = (await Promise.all(segments.map((s) => readSegment(project.id, sid, s.index)))).flat();
    expect(events.map((e) => e.timestamp)).toEqual(sent);
    const keys = (await env.BUCKET.list({ prefix: `sessions/${project.id}/${sid}/segment-` })).objects.map((o) => o.key).sort();
    expect(keys).toEqual(segments.map((s) => `sessions/${project.id}/${sid}/segment-${s.index}.json.gz`).sort());
    expect(detail.session).toMatchObject({ eventCount: sent.length, segmentCount: segments.length });
    expect(await storedRows(project.id, sid)).toBe(0);
  });
});
