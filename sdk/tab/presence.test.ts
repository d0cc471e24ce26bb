import { describe, expect, it } from 'vitest';
import { ManualClock, settle } from '../testing/fakes.ts';
import { FakeChannelHub } from '../testing/channel.ts';
import { TabPresence } from './presence.ts';

const SID = '0196abcd-ef01-7a00-8b00-00000000000f';
const OTHER = '0196abcd-ef01-7a00-8b00-0000000000aa';

function page(hub: FakeChannelHub, clock: ManualClock, nonce: string) {
  return new TabPresence(() => hub.open(), nonce, clock);
}

async function ask(p: TabPresence, clock: ManualClock, sessionId = SID): Promise<boolean> {
  let result: boolean | null = null;
  void p.isInUse(sessionId, 200).then((r) => (result = r));
  await settle();
  await clock.advance(200);
  expect(result).not.toBeNull();
  return result!;
}

describe('TabPresence', () => {
  it('finds a live page that records the same session (a duplicated tab)', async () => {
    const hub = new FakeChannelHub();
    const clock = new ManualClock(0);
    const original = page(hub, clock, 'b');
    original.claim(SID);
    expect(await ask(page(hub, clock, 'a'), clock)).toBe(true);
  });

  it('finds nobody after a reload (the old page is gone) or for another session', async () => {
    const hub = new FakeChannelHub();
    const clock = new ManualClock(0);
    const old = page(hub, clock, 'a');
    old.claim(SID);
    old.close();
    expect(await ask(page(hub, clock, 'b'), clock)).toBe(false);
    const hub2 = new FakeChannelHub();
    const other = page(hub2, clock, 'c');
    other.claim(OTHER);
    expect(await ask(page(hub2, clock, 'd'), clock)).toBe(false);
  });

  it('lets exactly one of two pages asking at once keep the session', async () => {
    const hub = new FakeChannelHub();
    const clock = new ManualClock(0);
    const a = page(hub, clock, 'n1');
    const b = page(hub, clock, 'n2');
    const results: Record<string, boolean> = {};
    void a.isInUse(SID, 200).then((r) => (results.a = r));
    void b.isInUse(SID, 200).then((r) => (results.b = r));
    await settle();
    await clock.advance(200);
    expect(results).toEqual({ a: false, b: true });
  });

  it('does not answer its own question, nor while suspended for the back/forward cache', async () => {
    const hub = new FakeChannelHub();
    const clock = new ManualClock(0);
    const p = page(hub, clock, 'a');
    p.claim(SID);
    expect(await ask(p, clock)).toBe(false);
    p.claim(SID);
    p.suspend();
    expect(hub.openCount).toBe(0);
    expect(await ask(page(hub, clock, 'b'), clock)).toBe(false);
    p.resume();
    expect(await ask(page(hub, clock, 'c'), clock)).toBe(true);
  });

  it('answers false at once without BroadcastChannel, and survives junk messages', async () => {
    const clock = new ManualClock(0);
    const none = new TabPresence(() => null, 'a', clock);
    expect(none.available).toBe(false);
    await expect(none.isInUse(SID, 200)).resolves.toBe(false);
    const throwing = new TabPresence(() => {
      throw new Error('SecurityError');
    }, 'a', clock);
    expect(throwing.available).toBe(false);

    const hub = new FakeChannelHub();
    const p = page(hub, clock, 'a');
    p.claim(SID);
    const raw = hub.open();
    for (const junk of [null, 1, 'x', { t: 'edge-replay:who' }, { t: 'edge-replay:who', sessionId: SID }, { sessionId: {} }]) {
      raw.postMessage(junk);
    }
    await settle();
    expect(hub.posted.filter((m) => (m as { t?: string } | null)?.t === 'edge-replay:mine')).toHaveLength(0);
  });
});
