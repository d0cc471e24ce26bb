/**
 * ReplayClient: sampling and remote config, buffer mode, gap markers, offline, duplicated tabs,
 * session URLs and off-main-thread compression. The basics are in client.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { CustomTag, LIVE_FLUSH_INTERVAL_MS, customData, type GapPayload, type IngestBatch, type RecordedEvent } from '../wire/index.ts';
import { TAB_STORAGE_KEY, VISIT_STORAGE_KEY } from './constants.ts';
import type { ClientDeps } from './client.ts';
import { FakeChannelHub } from './testing/channel.ts';
import { setup, T0 } from './testing/client.ts';
import { MemoryStorage, settle } from './testing/fakes.ts';
import type { Compressor } from './transport/compressWorker.ts';
import { utf8 } from './transport/encodeBatch.ts';
import { gzipFactory } from './transport/gzip.ts';

const S = 1_000;
const MIN = 60_000;

const stored = (storage: MemoryStorage) => JSON.parse(storage.items.get(VISIT_STORAGE_KEY)!) as Record<string, unknown>;
const events = (batches: IngestBatch[]) => batches.flatMap((b) => b.events);
function customs<T>(list: RecordedEvent[], tag: string): T[] {
  return list.flatMap((e) => (customData(e)?.tag === tag ? [customData(e)!.payload as T] : []));
}
const track = (t: ReturnType<typeof setup>, name: string) => t.client.addCustom(CustomTag.Track, { name, props: {} });

/** A remote config answer the test releases. */
function deferredConfig() {
  let resolve!: (body: unknown) => void;
  let reject!: (error: Error) => void;
  const calls: string[] = [];
  const fetchConfig = vi.fn((url: string) => {
    calls.push(url);
    return new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
  });
  return { fetchConfig, calls, answer: (body: unknown) => resolve(body), fail: () => reject(new Error('offline')) };
}

describe('sampling', () => {
  it('sampleRate 0 records and sends nothing, and the decision sticks across reloads', async () => {
    const t = setup(undefined, { options: { sampleRate: 0 } });
    t.client.start();
    expect(t.client.recordingPhase).toBe('off');
    expect(t.recorder.stops).toBe(1);
    t.client.addCustom(CustomTag.Track, { name: 'x', props: {} });
    await t.client.flush();
    t.win.dispatch('pagehide');
    t.client.stop();
    await t.clock.advance(10 * MIN);
    expect(t.net.requests).toHaveLength(0);
    expect(stored(t.storage).mode).toBe('off');

    // Reload with a site that now says 1: the session was decided, nothing starts.
    const again = setup({ storage: t.storage, clock: t.clock }, { options: { sampleRate: 1 } });
    again.client.start();
    expect(again.client.recordingPhase).toBe('off');
    expect(again.recorder.starts).toBe(0);
    expect(again.client.sessionId).toBe(t.client.sessionId);
  });

  it('draws once per session with the random source and keeps the result', () => {
    const unlucky = setup(undefined, { options: { sampleRate: 0.5 }, deps: { random: () => 0.7 } });
    unlucky.client.start();
    expect(unlucky.client.recordingPhase).toBe('off');
    const lucky = setup(undefined, { options: { sampleRate: 0.5 }, deps: { random: () => 0.2 } });
    lucky.client.start();
    expect(lucky.client.recordingPhase).toBe('full');
    lucky.client.stop();
    const reload = setup({ storage: lucky.storage, clock: lucky.clock }, { options: { sampleRate: 0.5 }, deps: { random: () => 0.99 } });
    reload.client.start();
    expect(reload.client.recordingPhase).toBe('full');
  });

  it('uploads nothing before the remote config answers, then follows it', async () => {
    const config = deferredConfig();
    const t = setup(undefined, { options: { flushIntervalMs: 1_000 }, deps: { fetchConfig: config.fetchConfig } });
    t.client.start();
    expect(config.calls).toEqual(['http://127.0.0.1:8787/v1/config?k=pk_test']);
    expect(t.client.recordingPhase).toBe('pending');
    expect(t.client.sessionUrl()).toBeNull();
    t.recorder.mouse();
    let flushed = false;
    void t.client.flush().then(() => (flushed = true));
    await t.clock.advance(1_500);
    expect(t.net.requests).toHaveLength(0);
    expect(flushed).toBe(false);
    config.answer({ sampleRate: 0 });
    await settle();
    expect(t.client.recordingPhase).toBe('off');
    expect(flushed).toBe(true);
    await t.clock.advance(MIN);
    expect(t.net.requests).toHaveLength(0);
  });

  it("keeps what was recorded while waiting and uses init()'s settings when the config fails or is slow", async () => {
    for (const how of ['fail', 'timeout', 'junk'] as const) {
      const config = deferredConfig();
      const t = setup(undefined, { deps: { fetchConfig: config.fetchConfig } });
      t.client.start();
      t.recorder.mouse();
      if (how === 'fail') config.fail();
      if (how === 'junk') config.answer('<html>');
      if (how === 'timeout') {
        await t.clock.advance(1_999);
        expect(t.client.recordingPhase).toBe('pending');
        await t.clock.advance(1);
      }
      await settle();
      expect(t.client.recordingPhase).toBe('full');
      await t.client.flush();
      expect(t.sent()[0].events.map((e) => e.type)).toEqual([4, 2, 3]);
    }
  });

  it('asks for the config once per page, also when the session rolls over', async () => {
    const config = deferredConfig();
    const t = setup(undefined, { deps: { fetchConfig: config.fetchConfig } });
    t.client.start();
    config.answer({ sampleRate: 1, bufferMode: false });
    await settle();
    const first = t.client.sessionId;
    await t.clock.advance(31 * MIN);
    t.recorder.mouse();
    await t.clock.advance(0);
    expect(t.client.sessionId).not.toBe(first);
    expect(t.client.recordingPhase).toBe('full');
    expect(config.fetchConfig).toHaveBeenCalledTimes(1);
  });

  it('drops what was recorded when the page goes away before the decision', async () => {
    const config = deferredConfig();
    const t = setup(undefined, { deps: { fetchConfig: config.fetchConfig } });
    t.client.start();
    t.recorder.mouse();
    t.doc.visibilityState = 'hidden';
    t.win.dispatch('pagehide');
    await settle();
    expect(t.net.requests).toHaveLength(0);
    expect(t.beacons).toHaveLength(0);
  });
});

describe('buffer mode', () => {
  function bufferClient() {
    const t = setup(undefined, { options: { bufferMode: true } });
    t.client.start();
    expect(t.client.recordingPhase).toBe('buffer');
    return t;
  }

  it('uploads nothing, keeps the last minute back to a full snapshot, and uploads it on an error', async () => {
    const t = bufferClient();
    for (let s = 1; s <= 150; s++) {
      await t.clock.advance(S);
      t.recorder.mouse();
    }
    await t.client.flush();
    t.win.dispatch('pagehide');
    await settle();
    expect(t.net.requests).toHaveLength(0);
    expect(t.beacons).toHaveLength(0);
    expect(t.client.sessionUrl()).toBeNull();
    // A fresh snapshot every minute (rrweb restarted), so the kept window never needs more than two.
    expect(t.recorder.starts).toBe(3);

    t.win.dispatch('error');
    await settle();
    expect(t.client.recordingPhase).toBe('full');
    expect(stored(t.storage).mode).toBe('full');
    const batches = t.sent();
    const uploaded = events(batches);
    expect(uploaded.slice(0, 2).map((e) => e.type)).toEqual([4, 2]);
    const now = t.clock.nowMs;
    expect(uploaded[0].timestamp).toBe(T0 + 60 * S); // the snapshot at 60 s: the latest at or before now - 60 s
    expect(uploaded[0].timestamp).toBeLessThanOrEqual(now - 60 * S);
    expect(uploaded.at(-1)!.timestamp).toBe(now);
    expect(uploaded.filter((e) => e.type === 3)).toHaveLength(91); // 60 s .. 150 s

    // The rest of the session records normally.
    t.recorder.mouse();
    await t.clock.advance(5 * S);
    expect(events(t.sent()).length).toBe(uploaded.length + 1);
    expect(t.client.sessionUrl()).toBe(`http://127.0.0.1:8787/#/s/${t.client.sessionId}?tab=${t.client.tabId}&at=${t.clock.nowMs}`);
  });

  it("also switches on the capture module's error signal and on unhandled rejections", async () => {
    const a = bufferClient();
    a.client.addCustom(CustomTag.Error, { kind: 'error', message: 'boom' });
    await settle();
    expect(a.client.recordingPhase).toBe('full');
    expect(customs(events(a.sent()), CustomTag.Error)).toEqual([{ kind: 'error', message: 'boom' }]);

    const b = bufferClient();
    b.win.dispatch('unhandledrejection');
    await settle();
    expect(b.client.recordingPhase).toBe('full');
    expect(b.sent()).toHaveLength(1);
  });

  it('repeats identify and properties that trimming dropped', async () => {
    const t = bufferClient();
    t.client.addCustom(CustomTag.Identify, { userId: 'u-1', traits: {} });
    t.client.addCustom(CustomTag.Properties, { props: { a: 1 } });
    t.client.addCustom(CustomTag.Properties, { props: { b: 2 } });
    for (let s = 1; s <= 130; s++) {
      await t.clock.advance(S);
      t.recorder.mouse();
    }
    t.win.dispatch('error');
    await settle();
    const uploaded = events(t.sent());
    expect(customs(uploaded, CustomTag.Identify)).toEqual([{ userId: 'u-1', traits: {} }]);
    expect(customs(uploaded, CustomTag.Properties)).toEqual([{ props: { a: 1, b: 2 } }]);
  });

  it('an error before the decision uploads as soon as buffer mode is decided', async () => {
    const config = deferredConfig();
    const t = setup(undefined, { deps: { fetchConfig: config.fetchConfig } });
    t.client.start();
    t.win.dispatch('error');
    config.answer({ sampleRate: 1, bufferMode: true });
    await settle();
    expect(t.client.recordingPhase).toBe('full');
    expect(t.sent()).toHaveLength(1);
  });

  it('a reload continues a buffer-mode session in buffer mode until an error', () => {
    const t = bufferClient();
    t.client.stop();
    expect(t.net.requests).toHaveLength(0);
    const again = setup({ storage: t.storage, clock: t.clock });
    again.client.start();
    expect(again.client.recordingPhase).toBe('buffer');
  });
});

describe('gap markers', () => {
  it('marks a batch lost after all retries with its counts, in the next batch', async () => {
    const t = setup();
    t.net.reply(...Array.from({ length: 8 }, () => 'network-error' as const));
    t.client.start();
    t.recorder.mouse();
    await t.clock.advance(5 * S); // seq 0: 3 events, fails 8 times over ~91 s
    for (let i = 0; i < 10; i++) await t.clock.advance(30 * S);
    t.recorder.mouse();
    await t.client.flush();
    const [lost, ...later] = t.sent().filter((b, i, all) => all.findIndex((x) => x.seq === b.seq) === i);
    expect(lost.seq).toBe(0);
    expect(t.sent().filter((b) => b.seq === 0)).toHaveLength(8);
    const gaps = customs<GapPayload>(events(later), CustomTag.Gap);
    expect(gaps).toEqual([{ droppedEvents: 3, droppedBytes: JSON.stringify(lost).length, reason: 'send-failed' }]);
  });

  it('marks batches dropped because the send queue was full (offline too long)', async () => {
    let online = false;
    const t = setup(undefined, { deps: { isOnline: () => online } });
    t.client.start();
    // Incompressible events: each fills a 512 KB batch, 8 MB of them fill the queue.
    let x = 0x9e3779b9;
    const noise = () =>
      Array.from({ length: 520 * 1024 }, () => {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        return String.fromCharCode(48 + ((x >>> 0) % 75));
      }).join('');
    for (let i = 0; i < 20; i++) t.recorder.emit({ type: 5, data: { tag: 'noise', payload: noise() } });
    await t.clock.advance(MIN);
    expect(t.net.requests).toHaveLength(0);
    online = true;
    t.win.dispatch('online');
    for (let i = 0; i < 30; i++) await settle();
    t.recorder.mouse();
    await t.client.flush();
    const batches = t.sent();
    const gaps = customs<GapPayload>(events(batches), CustomTag.Gap);
    expect(gaps).toHaveLength(1);
    expect(gaps[0].reason).toBe('buffer-full');
    const noiseSent = events(batches).filter((e) => (e.data as { tag?: string }).tag === 'noise').length;
    expect(gaps[0].droppedEvents).toBe(20 - noiseSent);
    expect(gaps[0].droppedEvents).toBeGreaterThan(0);
    expect(gaps[0].droppedBytes).toBeGreaterThan(gaps[0].droppedEvents * 520 * 1024);
    // The marker sits where the gap ends: right before the first event recorded after it.
    const last = batches.at(-1)!.events;
    expect(customData(last[0])?.tag).toBe(CustomTag.Gap);
  }, 20_000);
});

describe('offline', () => {
  it('waits for the online event instead of retrying', async () => {
    let online = false;
    const t = setup(undefined, { deps: { isOnline: () => online } });
    t.client.start();
    await t.clock.advance(10 * MIN);
    expect(t.net.requests).toHaveLength(0);
    online = true;
    t.win.dispatch('online');
    await settle();
    expect(t.sent().map((b) => b.seq)).toEqual([0]);
  });
});

describe('tabs of one visit', () => {
  /** A tab of one browser: its own sessionStorage (`storage`), the browser's localStorage (`visitStorage`). */
  function tab(
    hub: FakeChannelHub,
    storage: MemoryStorage,
    visitStorage: MemoryStorage,
    clock: ReturnType<typeof setup>['clock'],
    seed: number,
    extra: { options?: Record<string, unknown>; deps?: Partial<ClientDeps> } = {},
  ) {
    let n = seed;
    return setup({ storage, visitStorage, clock }, {
      options: extra.options,
      deps: {
        openChannel: hub.open,
        fillRandom: (bytes) => {
          for (let i = 0; i < bytes.length; i++) bytes[i] = (n * 31 + i * 7) & 0xff;
          n++;
        },
        ...extra.deps,
      },
    });
  }
  const tabRecord = (storage: MemoryStorage) => JSON.parse(storage.items.get(TAB_STORAGE_KEY)!) as Record<string, unknown>;

  it('shares the session between tabs, each with its own tab id and seq from 0', async () => {
    const hub = new FakeChannelHub();
    const visit = new MemoryStorage();
    const a = tab(hub, new MemoryStorage(), visit, setup().clock, 1);
    a.client.start();
    await a.clock.advance(5 * S);
    const b = tab(hub, new MemoryStorage(), visit, a.clock, 100);
    b.client.start();
    expect(b.client.recordingPhase).toBe('full'); // a fresh tab id: no copy to look for
    a.recorder.mouse();
    await a.clock.advance(5 * S);
    expect(b.client.sessionId).toBe(a.client.sessionId);
    expect(b.client.tabId).not.toBe(a.client.tabId);
    expect(a.sent().map((x) => [x.sessionId, x.tab, x.seq])).toEqual([
      [a.client.sessionId, a.client.tabId, 0],
      [a.client.sessionId, a.client.tabId, 1],
    ]);
    expect(b.sent().map((x) => [x.sessionId, x.tab, x.seq])).toEqual([[a.client.sessionId, b.client.tabId, 0]]);
    expect(b.sent()[0].events.slice(0, 2).map((e) => e.type)).toEqual([4, 2]);
  });

  it("keeps the visit alive while any tab is active, and a tab back after 30 min idle everywhere starts a new one the others join", async () => {
    const hub = new FakeChannelHub();
    const visit = new MemoryStorage();
    const a = tab(hub, new MemoryStorage(), visit, setup().clock, 1);
    a.client.start();
    const b = tab(hub, new MemoryStorage(), visit, a.clock, 100);
    b.client.start();
    const first = a.client.sessionId;
    // B is used for 40 minutes while A sits idle.
    for (let i = 0; i < 8; i++) {
      await a.clock.advance(5 * MIN);
      b.recorder.mouse();
    }
    a.recorder.mouse();
    await a.clock.advance(0);
    expect(a.client.sessionId).toBe(first);
    expect(a.recorder.starts).toBe(1);

    // Then nobody does anything for 31 minutes; A is used again: a new session with a new snapshot.
    await a.clock.advance(31 * MIN);
    a.recorder.mouse();
    await a.clock.advance(0);
    const second = a.client.sessionId;
    expect(second).not.toBe(first);
    expect(a.recorder.starts).toBe(2);
    await a.clock.advance(5 * S);
    b.recorder.mouse();
    await a.clock.advance(5 * S);
    expect(b.client.sessionId).toBe(second); // joined, not a third session
    const fromB = b.sent().filter((x) => x.sessionId === second);
    expect(fromB[0].seq).toBe(0);
    expect(fromB[0].events.slice(0, 2).map((e) => e.type)).toEqual([4, 2]);
    expect(new Set(a.sent().filter((x) => x.sessionId === second).map((x) => x.tab))).toEqual(new Set([a.client.tabId]));
  });

  it("decides sampling once per visit: a second tab follows the first one's draw", () => {
    const hub = new FakeChannelHub();
    const visit = new MemoryStorage();
    const a = tab(hub, new MemoryStorage(), visit, setup().clock, 1, { options: { sampleRate: 0.5 }, deps: { random: () => 0.2 } });
    a.client.start();
    expect(a.client.recordingPhase).toBe('full');
    const b = tab(hub, new MemoryStorage(), visit, a.clock, 100, { options: { sampleRate: 0.5 }, deps: { random: () => 0.99 } });
    b.client.start();
    expect(b.client.recordingPhase).toBe('full');

    const off = new MemoryStorage();
    const c = tab(hub, new MemoryStorage(), off, a.clock, 200, { options: { sampleRate: 0.5 }, deps: { random: () => 0.99 } });
    c.client.start();
    expect(c.client.recordingPhase).toBe('off');
    const d = tab(hub, new MemoryStorage(), off, a.clock, 300, { options: { sampleRate: 0.5 }, deps: { random: () => 0.2 } });
    d.client.start();
    expect(d.client.recordingPhase).toBe('off');
  });

  it('a tab still waiting for the remote config takes the decision another tab made meanwhile', async () => {
    const hub = new FakeChannelHub();
    const visit = new MemoryStorage();
    const config = deferredConfig();
    const a = tab(hub, new MemoryStorage(), visit, setup().clock, 1, { deps: { fetchConfig: config.fetchConfig, random: () => 0.99 } });
    a.client.start();
    expect(a.client.recordingPhase).toBe('pending');
    const b = tab(hub, new MemoryStorage(), visit, a.clock, 100, { options: { sampleRate: 0 } });
    b.client.start();
    expect(b.client.recordingPhase).toBe('off');
    config.answer({ sampleRate: 1, bufferMode: false });
    await settle();
    expect(a.client.recordingPhase).toBe('off');
  });

  it('gives a copy of a live tab (copied sessionStorage) its own tab id in the same session; a reload keeps both', async () => {
    const hub = new FakeChannelHub();
    const visit = new MemoryStorage();
    const a = tab(hub, new MemoryStorage(), visit, setup().clock, 1);
    a.client.start();
    await a.clock.advance(5 * S);
    expect(a.sent().map((b) => [b.tab, b.seq])).toEqual([[a.client.tabId, 0]]);

    const copied = new MemoryStorage();
    for (const [k, v] of a.storage.items) copied.items.set(k, v);
    const b = tab(hub, copied, visit, a.clock, 100);
    b.client.start();
    expect(b.client.recordingPhase).toBe('pending');
    expect(b.client.tabId).toBe(a.client.tabId);
    await b.clock.advance(0);
    expect(b.client.recordingPhase).toBe('full');
    expect(b.client.tabId).not.toBe(a.client.tabId);
    expect(b.client.sessionId).toBe(a.client.sessionId);
    await b.clock.advance(5 * S);
    const fromB = b.sent();
    expect(fromB.map((x) => [x.sessionId, x.tab, x.seq])).toEqual([[a.client.sessionId, b.client.tabId, 0]]);
    expect(fromB[0].events.slice(0, 2).map((e) => e.type)).toEqual([4, 2]);
    expect(tabRecord(copied)).toMatchObject({ tab: b.client.tabId, sessionId: a.client.sessionId });

    // A reload of A: the old page is gone, nobody answers, its tab stream continues.
    const aTab = a.client.tabId;
    a.win.dispatch('pagehide');
    const reload = tab(hub, a.storage, visit, a.clock, 200);
    reload.client.start();
    await reload.clock.advance(200);
    expect([reload.client.sessionId, reload.client.tabId]).toEqual([a.client.sessionId, aTab]);
    expect(reload.client.recordingPhase).toBe('full');
    await reload.clock.advance(5 * S);
    expect(reload.sent().map((x) => x.seq)).toEqual([2]); // 0, then 1 (A's final at pagehide)
  });

  it('a page going away during the check uploads under the stored tab', async () => {
    const hub = new FakeChannelHub();
    const visit = new MemoryStorage();
    const first = tab(hub, new MemoryStorage(), visit, setup().clock, 1);
    first.client.start();
    first.client.stop();
    const t = tab(hub, first.storage, visit, first.clock, 50);
    t.client.start();
    expect(t.client.recordingPhase).toBe('pending');
    t.win.dispatch('pagehide');
    expect(t.client.recordingPhase).toBe('full');
    await settle();
    expect(t.sent().map((b) => [b.sessionId, b.tab, b.final])).toEqual([[first.client.sessionId, first.client.tabId, true]]);
  });

  it('records with neither storage usable, as one session for the page', async () => {
    const t = setup(undefined, { deps: { storage: { visit: null, tab: null } } });
    expect(t.client.start()).toBe(true);
    await t.clock.advance(5 * S);
    expect(t.sent().map((b) => [b.sessionId, b.tab, b.seq])).toEqual([[t.client.sessionId, t.client.tabId, 0]]);
  });
});

describe('live', () => {
  const live = (value: boolean) => ({ status: 200, body: { ok: true, duplicate: false, live: value } });

  it('cuts every LIVE_FLUSH_INTERVAL_MS while answers say live, and at the usual interval once they do not', async () => {
    const t = setup();
    t.net.reply(live(true));
    t.client.start();
    await t.clock.advance(5 * S); // seq 0 at the usual interval; its answer says live
    const sentAt = () => t.sent().map((b) => b.sentAt - T0);
    expect(sentAt()).toEqual([5_000]);
    t.net.reply(live(true), live(false));
    t.recorder.mouse();
    await t.clock.advance(LIVE_FLUSH_INTERVAL_MS);
    t.recorder.mouse();
    await t.clock.advance(LIVE_FLUSH_INTERVAL_MS);
    expect(sentAt()).toEqual([5_000, 6_000, 7_000]);
    t.recorder.mouse(); // at 7 s, after the answer that says not live
    await t.clock.advance(LIVE_FLUSH_INTERVAL_MS);
    expect(sentAt()).toHaveLength(3);
    await t.clock.advance(5 * S - LIVE_FLUSH_INTERVAL_MS);
    expect(sentAt()).toEqual([5_000, 6_000, 7_000, 12_000]);
  });

  it('a live answer cuts what has waited longer than the live interval at once', async () => {
    const t = setup();
    t.net.reply('pending');
    t.client.start();
    await t.clock.advance(5 * S);
    t.recorder.mouse();
    await t.clock.advance(3 * S);
    expect(t.sent()).toHaveLength(1);
    t.net.defaultReply = live(true);
    t.net.release({ ok: true, duplicate: false, live: true }); // at 8 s: the mouse move has waited 3 s
    await settle();
    expect(t.sent().map((b) => [b.seq, b.sentAt - T0])).toEqual([
      [0, 5_000],
      [1, 8_000],
    ]);
    t.recorder.mouse();
    await t.clock.advance(LIVE_FLUSH_INTERVAL_MS);
    expect(t.sent().map((b) => [b.seq, b.sentAt - T0])).toEqual([
      [0, 5_000],
      [1, 8_000],
      [2, 9_000],
    ]);
  });
});

describe('compression off the main thread', () => {
  class HeldCompressor implements Compressor {
    held: Array<() => void> = [];
    start(json: string): Promise<Uint8Array> {
      return new Promise((resolve) => this.held.push(() => resolve(gzipFactory()(utf8(json)))));
    }
    release(): void {
      for (const r of this.held.splice(0)) r();
    }
    dispose = vi.fn();
  }

  it('sends a batch once the worker answers, and compresses on the spot when the page goes away', async () => {
    const worker = new HeldCompressor();
    const t = setup(undefined, { deps: { compressor: worker } });
    t.client.start();
    await t.clock.advance(5 * S);
    expect(worker.held).toHaveLength(1);
    expect(t.net.requests).toHaveLength(0);
    worker.release();
    await settle();
    expect(t.sent().map((b) => b.seq)).toEqual([0]);

    t.recorder.mouse();
    await t.clock.advance(5 * S); // seq 1 waits in the worker
    t.recorder.mouse();
    t.doc.visibilityState = 'hidden';
    t.win.dispatch('pagehide'); // seq 2, final: both compressed now, in order
    const unload = t.net.requests.filter((r) => r.init.keepalive).map((r) => t.decode(r.init.body));
    expect(unload.map((b) => [b.seq, b.final])).toEqual([
      [1, false],
      [2, true],
    ]);
    worker.release();
    await settle();
    expect(t.net.requests.filter((r) => t.decode(r.init.body).seq === 1)).toHaveLength(1);
    t.client.stop();
    expect(worker.dispose).toHaveBeenCalled();
  });
});

describe('sessionUrl', () => {
  it('points at this moment of the session in the dashboard', async () => {
    const t = setup();
    t.client.start();
    await t.clock.advance(12_345);
    expect(t.client.sessionUrl()).toBe(`http://127.0.0.1:8787/#/s/${t.client.sessionId}?tab=${t.client.tabId}&at=${T0 + 12_345}`);
    t.client.stop();
    expect(t.client.sessionUrl()).toBeNull();
  });
});
