import { describe, expect, it, vi } from 'vitest';
import { FakeFetch, ManualClock, settle } from '../testing/fakes.ts';
import { Sender, type SendBeaconLike } from './sender.ts';

const URL_ = 'http://127.0.0.1:8787/v1/ingest?k=pk_test';
const T0 = Date.UTC(2026, 3, 1);

function setup(options: { beacon?: SendBeaconLike | null; random?: () => number } = {}) {
  const clock = new ManualClock(T0);
  const net = new FakeFetch();
  const onRefused = vi.fn();
  const onDropped = vi.fn();
  const network = { online: true };
  const sender = new Sender({
    url: URL_,
    fetch: net.fetch,
    sendBeacon: options.beacon ?? null,
    now: clock.now,
    random: options.random ?? (() => 0),
    timers: clock,
    onRefused,
    onDropped,
    isOnline: () => network.online,
  });
  return { clock, net, sender, onRefused, onDropped, network };
}

const batch = (seq: number, size = 8, final = false) => ({ seq, final, body: new Uint8Array(size).fill(seq) });

describe('Sender', () => {
  it('posts gzip bytes as text/plain without credentials', async () => {
    const { net, sender } = setup();
    const b = batch(0);
    sender.enqueue(b);
    await settle();
    expect(net.requests).toHaveLength(1);
    expect(net.requests[0].url).toBe(URL_);
    expect(net.requests[0].init).toEqual({
      method: 'POST',
      body: b.body,
      headers: { 'content-type': 'text/plain' },
      credentials: 'omit',
      keepalive: false,
    });
    expect(sender.pendingSeqs).toEqual([]);
  });

  it('keeps one request in flight, in seq order', async () => {
    const { net, sender } = setup();
    net.reply('pending', 'pending', 'pending');
    sender.enqueue(batch(0));
    sender.enqueue(batch(2));
    sender.enqueue(batch(1));
    await settle();
    expect(net.requests).toHaveLength(1);
    net.release();
    await settle();
    expect(net.requests).toHaveLength(2);
    net.release();
    await settle();
    net.release();
    await settle();
    expect(net.requests.map((r) => r.init.body[0])).toEqual([0, 1, 2]);
    expect(sender.pendingSeqs).toEqual([]);
  });

  it('retries the same bytes after a 5xx, holding later batches back', async () => {
    const { clock, net, sender } = setup();
    net.reply({ status: 503 });
    const first = batch(0);
    sender.enqueue(first);
    sender.enqueue(batch(1));
    await settle();
    expect(net.requests).toHaveLength(1);
    expect(clock.pendingDelays()).toEqual([1_000]);
    await clock.advance(999);
    expect(net.requests).toHaveLength(1);
    await clock.advance(1);
    expect(net.requests).toHaveLength(3);
    expect(net.requests[1].init.body).toBe(first.body);
    expect(net.requests[2].init.body[0]).toBe(1);
  });

  it('backs off 1, 2, 4, 8, 16, 30, 30 s, then drops the batch after 8 attempts and moves on', async () => {
    const { clock, net, sender } = setup();
    net.reply(...Array.from({ length: 8 }, () => 'network-error' as const));
    sender.enqueue(batch(0));
    sender.enqueue(batch(1));
    await settle();
    const delays: number[] = [];
    while (net.requests.length < 8) {
      const [delay] = clock.pendingDelays();
      delays.push(delay);
      await clock.advance(delay);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    await settle();
    expect(net.requests).toHaveLength(9);
    expect(net.requests.slice(0, 8).every((r) => r.init.body[0] === 0)).toBe(true);
    expect(net.requests[8].init.body[0]).toBe(1);
    expect(sender.pendingSeqs).toEqual([]);
  });

  it('applies jitter from the injected random source', async () => {
    const { clock, net, sender } = setup({ random: () => 0.5 });
    net.reply({ status: 500 });
    sender.enqueue(batch(0));
    await settle();
    expect(clock.pendingDelays()).toEqual([875]);
  });

  it('waits as long as Retry-After says on 429', async () => {
    const { clock, net, sender } = setup();
    net.reply({ status: 429, headers: { 'Retry-After': '12' } });
    sender.enqueue(batch(0));
    await settle();
    expect(clock.pendingDelays()).toEqual([12_000]);
    await clock.advance(11_999);
    expect(net.requests).toHaveLength(1);
    await clock.advance(1);
    expect(net.requests).toHaveLength(2);
  });

  it('stops for good on 403 and reports it', async () => {
    const { clock, net, sender, onRefused } = setup();
    net.reply({ status: 403 });
    sender.enqueue(batch(0));
    sender.enqueue(batch(1));
    await settle();
    expect(onRefused).toHaveBeenCalledWith(403);
    expect(sender.isRefused).toBe(true);
    expect(sender.pendingSeqs).toEqual([]);
    expect(sender.enqueue(batch(2))).toBe(false);
    await clock.advance(120_000);
    expect(net.requests).toHaveLength(1);
    await expect(sender.whenIdle()).resolves.toBeUndefined();
  });

  it('drops only the batch on 413', async () => {
    const { net, sender, onRefused } = setup();
    net.reply({ status: 413 });
    sender.enqueue(batch(0));
    sender.enqueue(batch(1));
    await settle();
    expect(net.requests.map((r) => r.init.body[0])).toEqual([0, 1]);
    expect(onRefused).not.toHaveBeenCalled();
  });

  it('whenIdle resolves once the queue is drained', async () => {
    const { clock, net, sender } = setup();
    net.reply({ status: 500 });
    sender.enqueue(batch(0));
    let idle = false;
    void sender.whenIdle().then(() => {
      idle = true;
    });
    await settle();
    expect(idle).toBe(false);
    await clock.advance(1_000);
    expect(idle).toBe(true);
  });

  describe('sendAllNow (page going away)', () => {
    it('uses keepalive within a 60 KB budget, then sendBeacon, and keeps what neither takes', async () => {
      const beaconed: number[] = [];
      const beacon: SendBeaconLike = (url, body) => {
        expect(url).toBe(URL_);
        if (body.length > 64 * 1024) return false;
        beaconed.push(body[0]);
        return true;
      };
      const { net, sender } = setup({ beacon });
      net.reply('pending');
      sender.enqueue(batch(0, 10 * 1024)); // in flight (regular)
      sender.enqueue(batch(1, 30 * 1024));
      sender.enqueue(batch(2, 30 * 1024));
      sender.enqueue(batch(3, 100 * 1024, true));
      await settle();
      expect(net.requests).toHaveLength(1);
      net.defaultReply = 'pending';
      sender.sendAllNow();
      const keepalive = net.requests.filter((r) => r.init.keepalive).map((r) => r.init.body[0]);
      expect(keepalive).toEqual([0, 1]); // the in-flight batch is sent again: a repeat is only a duplicate
      expect(beaconed).toEqual([2]);
      expect(sender.pendingSeqs).toEqual([3]);
    });

    it('puts a batch back in the queue when its keepalive request fails', async () => {
      const { net, sender } = setup();
      net.reply('pending');
      sender.enqueue(batch(0));
      sender.enqueue(batch(1));
      await settle();
      net.reply({ status: 200 }, 'network-error');
      sender.sendAllNow();
      expect(sender.pendingSeqs).toEqual([]);
      await settle();
      expect(sender.pendingSeqs).toEqual([1]);
    });
  });

  describe('offline', () => {
    it('sends nothing while offline and resumes at once on online, with no attempt used up', async () => {
      const { clock, net, network, sender } = setup();
      network.online = false;
      sender.enqueue(batch(0));
      sender.enqueue(batch(1));
      await clock.advance(10 * 60_000);
      expect(net.requests).toHaveLength(0);
      expect(sender.isWaitingForOnline).toBe(true);
      network.online = true;
      sender.resume();
      await settle();
      expect(net.requests.map((r) => r.init.body[0])).toEqual([0, 1]);
      expect(sender.pendingSeqs).toEqual([]);
    });

    it('does not count attempts that failed because the browser went offline', async () => {
      const { clock, net, network, sender, onDropped } = setup();
      net.reply(...Array.from({ length: 20 }, () => 'network-error' as const));
      sender.enqueue(batch(0)); // the request starts...
      network.online = false; // ...and fails because the connection just dropped
      await clock.advance(60 * 60_000);
      expect(net.requests).toHaveLength(1);
      expect(clock.pendingDelays()).toEqual([]);
      // Back online: all MAX_SEND_ATTEMPTS remain, as if the offline attempt never happened.
      network.online = true;
      sender.resume();
      for (let i = 0; i < 20 && sender.pendingSeqs.length > 0; i++) await clock.advance(30_000);
      expect(net.requests).toHaveLength(1 + 8);
      expect(onDropped).toHaveBeenCalledWith(expect.objectContaining({ seq: 0 }), 'send-failed');
    });

    it('cuts a pending backoff short when the browser comes back online', async () => {
      const { clock, net, sender } = setup();
      net.reply({ status: 503 }, { status: 503 }, { status: 503 });
      sender.enqueue(batch(0));
      await clock.advance(1_000);
      await settle();
      expect(clock.pendingDelays()).toEqual([2_000]);
      sender.resume();
      await settle();
      expect(net.requests).toHaveLength(3);
    });
  });

  describe('dropped batches', () => {
    it('reports a full queue, exhausted attempts and 413 with the batch', async () => {
      const { clock, net, sender, onDropped } = setup();
      net.defaultReply = 'pending';
      const big = { seq: 0, final: false, body: new Uint8Array(5 * 1024 * 1024), events: 9 };
      expect(sender.enqueue(big)).toBe(true);
      const over = { seq: 1, final: false, body: new Uint8Array(4 * 1024 * 1024), events: 7 };
      expect(sender.enqueue(over)).toBe(false);
      expect(onDropped).toHaveBeenLastCalledWith(over, 'buffer-full');

      const t = setup();
      t.net.reply({ status: 413 });
      t.sender.enqueue(batch(0));
      await settle();
      expect(t.onDropped).toHaveBeenCalledWith(expect.objectContaining({ seq: 0 }), 'too-large');
      expect(clock.pendingDelays()).toEqual([]);
      void net;
    });
  });
});
