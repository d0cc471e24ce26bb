import { describe, expect, it } from 'vitest';
import { isSessionId, type RecordedEvent } from '../wire/index.ts';
import { ACTIVITY_SAVE_INTERVAL_MS, FIRST_FLUSH_DELAY_MS, VISIT_STORAGE_KEY } from './constants.ts';
import { parseVisit } from './session.ts';
import { setup, T0 } from './testing/client.ts';
import { settle } from './testing/fakes.ts';

const MIN = 60_000;

describe('ReplayClient', () => {
  it('starts a session and sends the first batch after the flush interval', async () => {
    const t = setup();
    expect(t.client.start()).toBe(true);
    expect(isSessionId(t.client.sessionId)).toBe(true);
    expect(t.recorder.lastOptions).toMatchObject({ privacy: { maskAllInputs: true }, checkoutEveryMs: 300_000 });
    await t.clock.advance(4_999);
    expect(t.net.requests).toHaveLength(0);
    await t.clock.advance(1);
    const [batch] = t.sent();
    expect(t.net.requests[0].url).toBe('http://127.0.0.1:8787/v1/ingest?k=pk_test');
    expect(batch).toMatchObject({ v: 1, sessionId: t.client.sessionId, seq: 0, final: false, sentAt: T0 + 5_000 });
    expect(batch.events.map((e) => e.type)).toEqual([4, 2]);
  });

  it('cuts the first batch of a page view early, later ones at the flush interval', async () => {
    const interval = 4 * FIRST_FLUSH_DELAY_MS;
    const t = setup(undefined, { options: { flushIntervalMs: interval } });
    t.client.start();
    await t.clock.advance(FIRST_FLUSH_DELAY_MS - 1);
    expect(t.sent()).toHaveLength(0);
    await t.clock.advance(1);
    expect(t.sent().map((b) => [b.seq, b.sentAt - T0])).toEqual([[0, FIRST_FLUSH_DELAY_MS]]);
    t.recorder.mouse();
    await t.clock.advance(interval - 1);
    expect(t.sent()).toHaveLength(1);
    await t.clock.advance(1);
    expect(t.sent().map((b) => [b.seq, b.sentAt - T0])).toEqual([
      [0, FIRST_FLUSH_DELAY_MS],
      [1, FIRST_FLUSH_DELAY_MS + interval],
    ]);

    // The next page of the visit is a new page view: its first batch goes out early again.
    t.doc.visibilityState = 'hidden';
    t.win.dispatch('pagehide');
    await settle();
    const next = setup({ storage: t.storage, clock: t.clock }, { options: { flushIntervalMs: interval } });
    next.client.start();
    await next.clock.advance(FIRST_FLUSH_DELAY_MS);
    expect(next.sent().map((b) => [b.sessionId, b.seq])).toEqual([[t.client.sessionId, 3]]);
  });

  it('cuts at once when the buffer passes the size cap', async () => {
    const t = setup();
    t.client.start();
    const big = 'x'.repeat(200 * 1024);
    for (let i = 0; i < 3; i++) t.recorder.emit({ type: 5, data: { tag: 'blob', payload: big } });
    await settle();
    const batches = t.sent();
    expect(batches).toHaveLength(1);
    expect(batches[0].events).toHaveLength(5);
    t.recorder.mouse();
    await t.clock.advance(5_000);
    expect(t.sent().map((b) => [b.seq, b.events.length])).toEqual([
      [0, 5],
      [1, 1],
    ]);
  });

  it('starts a new batch at a periodic checkout', async () => {
    const t = setup();
    t.client.start();
    t.recorder.mouse();
    t.recorder.emit({ type: 4, data: { href: 'https://site.test/', width: 1, height: 1 } }, true);
    t.recorder.emit({ type: 2, data: { node: { id: 1 } } }, true);
    await t.clock.advance(5_000);
    expect(t.sent().map((b) => b.events.map((e) => e.type))).toEqual([
      [4, 2, 3],
      [4, 2],
    ]);
  });

  it('continues the session and its seq numbering after a reload', async () => {
    const first = setup();
    first.client.start();
    await first.clock.advance(5_000); // seq 0
    first.recorder.mouse();
    await first.clock.advance(5_000); // seq 1
    first.recorder.mouse();
    first.doc.visibilityState = 'hidden';
    first.win.dispatch('pagehide'); // seq 2, final
    await settle();
    const before = first.sent();
    expect(before.map((b) => [b.seq, b.final])).toEqual([
      [0, false],
      [1, false],
      [2, true],
    ]);
    expect(first.net.requests[2].init.keepalive).toBe(true);

    await first.clock.advance(MIN);
    const second = setup({ storage: first.storage, clock: first.clock });
    second.client.start();
    expect(second.client.sessionId).toBe(first.client.sessionId);
    await second.clock.advance(5_000);
    expect(second.sent().map((b) => [b.sessionId, b.seq])).toEqual([[first.client.sessionId, 3]]);
  });

  it('writes visitor activity to localStorage at most every ACTIVITY_SAVE_INTERVAL_MS, not per event', async () => {
    const t = setup(undefined, { options: { flushIntervalMs: 60_000 } });
    t.client.start();
    expect(t.visitStorage.writes.get(VISIT_STORAGE_KEY) ?? 0).toBeGreaterThan(0);
    await t.clock.advance(FIRST_FLUSH_DELAY_MS); // the early first batch
    expect(t.net.requests).toHaveLength(1);
    const writesBefore = t.visitStorage.writes.get(VISIT_STORAGE_KEY)!;
    const activeMs = 20_000;
    for (let elapsed = 0; elapsed < activeMs; elapsed += 100) {
      await t.clock.advance(100);
      t.recorder.mouse();
    }
    expect(t.net.requests).toHaveLength(1); // no cut saved the session meanwhile
    const writes = t.visitStorage.writes.get(VISIT_STORAGE_KEY)! - writesBefore;
    expect(writes).toBeGreaterThan(0);
    expect(writes).toBeLessThanOrEqual(activeMs / ACTIVITY_SAVE_INTERVAL_MS);
    // Other tabs still learn of the activity, at most one interval late.
    const stored = parseVisit(t.visitStorage.getItem(VISIT_STORAGE_KEY))!;
    expect(stored.lastActivityAt).toBeGreaterThan(t.clock.nowMs - ACTIVITY_SAVE_INTERVAL_MS);
  });

  it('persists the claimed seq before the batch is sent', async () => {
    const t = setup();
    t.client.start();
    t.net.defaultReply = 'pending';
    await t.clock.advance(5_000);
    expect(t.net.requests).toHaveLength(1);
    expect(JSON.parse(t.storage.items.get('edgeReplay.tab')!).nextSeq).toBe(1);
  });

  it('sends one final batch on pagehide, also when empty, but not twice', async () => {
    const t = setup();
    t.client.start();
    await t.clock.advance(5_000);
    t.doc.visibilityState = 'hidden';
    t.doc.dispatch('visibilitychange');
    t.win.dispatch('pagehide');
    await settle();
    expect(t.sent().map((b) => [b.seq, b.final, b.events.length])).toEqual([
      [0, false, 2],
      [1, true, 0],
    ]);
  });

  it('hands big pending batches to sendBeacon on pagehide', async () => {
    const t = setup();
    t.client.start();
    t.net.defaultReply = 'pending';
    // Incompressible payload: the gzip body stays above the keepalive budget.
    let x = 0x9e3779b9;
    const noise = Array.from({ length: 120_000 }, () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return String.fromCharCode(48 + ((x >>> 0) % 75));
    }).join('');
    t.recorder.emit({ type: 5, data: { tag: 'noise', payload: noise } });
    await t.clock.advance(5_000);
    t.win.dispatch('pagehide');
    expect(t.beacons.length + t.net.requests.filter((r) => r.init.keepalive).length).toBe(2);
    expect(t.beacons).toHaveLength(1);
    expect(t.beacons[0].length).toBeGreaterThan(60 * 1024);
  });

  it('starts a new session with a fresh recording after 30 min idle', async () => {
    const t = setup();
    t.client.start();
    const firstId = t.client.sessionId;
    await t.clock.advance(5_000);
    await t.clock.advance(31 * MIN);
    t.recorder.mutation(); // page-driven: dropped, does not revive the session
    await t.clock.advance(10_000);
    expect(t.sent()).toHaveLength(1);
    t.recorder.mouse(); // the visitor is back
    await t.clock.advance(0);
    expect(t.recorder.stops).toBe(1);
    expect(t.recorder.starts).toBe(2);
    expect(t.client.sessionId).not.toBe(firstId);
    expect(isSessionId(t.client.sessionId)).toBe(true);
    await t.clock.advance(5_000);
    const batches = t.sent();
    expect(batches.map((b) => [b.sessionId === firstId, b.seq, b.final])).toEqual([
      [true, 0, false],
      [true, 1, true],
      [false, 0, false],
    ]);
    expect(batches[2].events.map((e) => e.type)).toEqual([4, 2]);
  });

  it('rolls over after 4 h even while the visitor is active', async () => {
    const t = setup();
    t.client.start();
    const firstId = t.client.sessionId;
    for (let i = 0; i < 24; i++) {
      await t.clock.advance(10 * MIN);
      t.recorder.mouse();
    }
    await t.clock.advance(0);
    expect(t.client.sessionId).not.toBe(firstId);
    expect(t.recorder.starts).toBe(2);
  });

  it('rolls over when the tab is shown again after the idle timeout', async () => {
    const t = setup();
    t.client.start();
    const firstId = t.client.sessionId;
    t.doc.visibilityState = 'hidden';
    t.doc.dispatch('visibilitychange');
    await t.clock.advance(45 * MIN);
    t.doc.visibilityState = 'visible';
    t.doc.dispatch('visibilitychange');
    await t.clock.advance(0);
    expect(t.client.sessionId).not.toBe(firstId);
  });

  it('stops recording and listening for good when the server refuses the key', async () => {
    const t = setup();
    t.net.reply({ status: 401 });
    t.client.start();
    await t.clock.advance(5_000);
    expect(t.client.isRunning).toBe(false);
    expect(t.recorder.stops).toBe(1);
    expect(t.win.count('pagehide')).toBe(0);
    t.recorder.mouse();
    await t.clock.advance(60_000);
    expect(t.net.requests).toHaveLength(1);
  });

  it('stop() sends the rest as final and detaches; flush() waits for delivery', async () => {
    const t = setup();
    t.client.start();
    t.recorder.mouse();
    await t.client.flush();
    expect(t.sent().map((b) => [b.seq, b.final, b.events.length])).toEqual([[0, false, 3]]);
    t.recorder.mouse();
    t.client.stop();
    await settle();
    expect(t.sent().map((b) => [b.seq, b.final])).toEqual([
      [0, false],
      [1, true],
    ]);
    expect(t.recorder.stops).toBe(1);
    expect(t.doc.count('visibilitychange')).toBe(0);
  });

  it('contains its own errors: the emit callback never throws into rrweb or the page', async () => {
    const t = setup();
    t.client.start();
    const emit = t.recorder.current!.emit;
    let calls = 0;
    const broken = { type: 3, timestamp: 1, get data(): unknown {
      calls++;
      throw new Error('boom');
    } } as RecordedEvent;
    expect(() => emit(broken, false)).not.toThrow();
    expect(calls).toBeGreaterThan(0);
    expect(t.client.isRunning).toBe(false);
    expect(t.recorder.stops).toBe(1);
  });
});
