import { evictDurableObject } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ASSET_TAG, assetRef } from '../../wire/assets.ts';
import { EventType, type IngestBatch, type IngestResponse, LIVE_PING, LIVE_PONG, type LiveMessage, type RecordedEvent } from '../../wire/index.ts';
import { LiveFeed, type FeedAction } from '../../dashboard/src/lib/live/feed.ts';
import { ADMIN, ORIGIN, batch, click, createProject, endSession, fullSnapshot, meta, recorder, send, sessionId } from './helpers.ts';

/** A batch of one tab; seqs are kept distinct across tabs so the test holds however seqs are scoped. */
const tabBatch = (session: string, tab: string, seq: number, events: RecordedEvent[], final = false) => batch(session, seq, events, final, tab);

async function ingest(key: string, b: IngestBatch): Promise<IngestResponse> {
  const res = await send(key, b);
  expect(res.status).toBe(200);
  return res.json();
}

const livePath = (project: string, session: string) => `/api/sessions/${project}/${session}/live`;

function upgrade(path: string, headers: Record<string, string> = { upgrade: 'websocket' }): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, { headers: { ...ADMIN, ...headers } }));
}

/** A connected viewer that records what it receives. */
interface Viewer {
  socket: WebSocket;
  messages: LiveMessage[];
  closed: Promise<CloseEvent>;
  /** Waits until the messages so far satisfy `done`. */
  until(done: (messages: LiveMessage[]) => boolean): Promise<LiveMessage[]>;
}

async function watch(project: string, session: string): Promise<Viewer> {
  const res = await upgrade(livePath(project, session));
  expect(res.status).toBe(101);
  const socket = res.webSocket!;
  const messages: LiveMessage[] = [];
  const closed = new Promise<CloseEvent>((resolve) => socket.addEventListener('close', resolve));
  socket.addEventListener('message', (e) => {
    if (e.data !== LIVE_PONG) messages.push(JSON.parse(e.data as string) as LiveMessage);
  });
  socket.accept();
  const until = async (done: (m: LiveMessage[]) => boolean) => {
    const deadline = Date.now() + 2_000;
    while (!done(messages)) {
      if (Date.now() > deadline) throw new Error(`viewer got only ${JSON.stringify(messages).slice(0, 500)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return messages;
  };
  return { socket, messages, closed, until };
}

const eventsOf = (messages: LiveMessage[], tab: string) =>
  messages.flatMap((m) => (m.type === 'events' && m.tab === tab ? m.events : []));

/** A session with a live row: one tab that loaded a page, then navigated to a second one. */
async function recordingSession() {
  const project = await createProject();
  const sid = sessionId();
  const t = Date.now();
  await ingest(project.key, tabBatch(sid, 'a', 0, [meta(t, 'https://shop.test/'), fullSnapshot(t + 1, 'home'), click(t + 2)]));
  await ingest(project.key, tabBatch(sid, 'a', 1, [click(t + 3), meta(t + 4, 'https://shop.test/cart'), fullSnapshot(t + 5, 'cart'), click(t + 6)]));
  // The live row is written after the first batch is acknowledged.
  await expect.poll(() => exports.default.fetch(new Request(`${ORIGIN}/api/sessions?project=${project.id}&status=live`, { headers: ADMIN })).then((r) => r.json()), { timeout: 2_000 })
    .toMatchObject({ sessions: [{ sessionId: sid }] });
  return { project, sid, t };
}

describe('live viewing through the session Durable Object', () => {
  it("catches a viewer up from each tab's latest full snapshot, then forwards each new batch once", async () => {
    const { project, sid, t } = await recordingSession();
    await ingest(project.key, tabBatch(sid, 'b', 2, [meta(t + 7, 'https://shop.test/help'), fullSnapshot(t + 8, 'help')]));

    const viewer = await watch(project.id, sid);
    await viewer.until((m) => eventsOf(m, 'a').length === 3 && eventsOf(m, 'b').length === 2);
    expect(eventsOf(viewer.messages, 'a').map((e) => e.timestamp)).toEqual([t + 4, t + 5, t + 6]);
    expect(eventsOf(viewer.messages, 'a')[1]).toMatchObject({ type: EventType.FullSnapshot });
    // The most recently active tab comes last.
    expect(viewer.messages.map((m) => (m.type === 'events' ? m.tab : m.type))).toEqual(['a', 'b']);

    const next = [click(t + 20), click(t + 21)];
    const answer = await ingest(project.key, tabBatch(sid, 'a', 3, next));
    expect(answer).toEqual({ ok: true, duplicate: false, live: true });
    await viewer.until((m) => m.length === 3);
    expect(viewer.messages[2]).toEqual({ type: 'events', tab: 'a', seq: 3, events: next });

    // A repeated batch is acknowledged but not shown twice.
    expect(await ingest(project.key, tabBatch(sid, 'a', 3, next))).toEqual({ ok: true, duplicate: true, live: true });
    await ingest(project.key, tabBatch(sid, 'a', 4, [click(t + 22)]));
    await viewer.until((m) => m.length === 4);
    expect(eventsOf(viewer.messages, 'a').map((e) => e.timestamp)).toEqual([t + 4, t + 5, t + 6, t + 20, t + 21, t + 22]);
    viewer.socket.close(1000, 'done');
  });

  it('answers live: true only while a viewer is connected, also across hibernation', async () => {
    const { project, sid, t } = await recordingSession();
    expect(await ingest(project.key, tabBatch(sid, 'a', 2, [click(t + 10)]))).toMatchObject({ live: false });

    const viewer = await watch(project.id, sid);
    // The catch-up: batch 1 from its snapshot on, then batch 2.
    await viewer.until((m) => m.length === 2);
    // The object sleeps; its viewer stays connected and still gets the next batch.
    await evictDurableObject(recorder(project.id, sid));
    expect(await ingest(project.key, tabBatch(sid, 'a', 3, [click(t + 11)]))).toMatchObject({ live: true });
    await viewer.until((m) => m.length === 3);
    expect(viewer.messages[2]).toEqual({ type: 'events', tab: 'a', seq: 3, events: [click(t + 11)] });

    viewer.socket.close(1000, 'bye');
    await viewer.closed;
    // The close reaches the object asynchronously; every batch until then may still say live.
    let seq = 4;
    await expect.poll(async () => (await ingest(project.key, tabBatch(sid, 'a', seq++, [click(t + 12)]))).live, { timeout: 2_000 }).toBe(false);
  });

  it('tells viewers the session ended and closes their sockets; a later viewer hears it at once', async () => {
    const { project, sid, t } = await recordingSession();
    const viewer = await watch(project.id, sid);
    await viewer.until((m) => m.length === 1);
    await ingest(project.key, tabBatch(sid, 'a', 2, [click(t + 10)], true));
    await endSession(project.id, sid);
    await viewer.until((m) => m.at(-1)?.type === 'ended');
    expect((await viewer.closed).code).toBe(1000);

    const late = await watch(project.id, sid);
    await late.until((m) => m.length === 1);
    expect(late.messages).toEqual([{ type: 'ended' }]);
    await late.closed;
  });

  it('reads the latest snapshot back from R2 when it was already written out', async () => {
    const { project, sid, t } = await recordingSession();
    await ingest(project.key, tabBatch(sid, 'a', 2, [click(t + 10)], true));
    await endSession(project.id, sid);
    // A late batch reopens the session; its pending events hold no snapshot of their own.
    await ingest(project.key, tabBatch(sid, 'a', 3, [click(t + 30)]));

    const viewer = await watch(project.id, sid);
    await viewer.until((m) => eventsOf(m, 'a').length > 0);
    expect(eventsOf(viewer.messages, 'a').map((e) => e.timestamp)).toEqual([t + 4, t + 5, t + 6, t + 10, t + 30]);
    viewer.socket.close(1000, 'done');
  });

  it('closes a viewer that talks, and keeps serving the session and its other viewers', async () => {
    const { project, sid, t } = await recordingSession();
    const talker = await watch(project.id, sid);
    const listener = await watch(project.id, sid);
    await Promise.all([talker.until((m) => m.length === 1), listener.until((m) => m.length === 1)]);
    talker.socket.send(JSON.stringify({ type: 'events', tab: 'a', events: [] }));
    expect((await talker.closed).code).toBe(1003);

    expect(await ingest(project.key, tabBatch(sid, 'a', 2, [click(t + 10)]))).toMatchObject({ live: true });
    await listener.until((m) => m.length === 2);
    listener.socket.close(1000, 'done');
  });

  it('answers a keep-alive ping without treating it as talk', async () => {
    const { project, sid } = await recordingSession();
    const viewer = await watch(project.id, sid);
    const pong = new Promise((resolve) => viewer.socket.addEventListener('message', (e) => {
      if (e.data === LIVE_PONG) resolve(e.data);
    }));
    viewer.socket.send(LIVE_PING);
    expect(await pong).toBe(LIVE_PONG);
    viewer.socket.send(LIVE_PING);
    await pong;
    expect(await ingest(project.key, tabBatch(sid, 'a', 2, [click(Date.now())]))).toMatchObject({ live: true });
    viewer.socket.close(1000, 'done');
  });
});

/** What a watch page's replayer would hold after these messages, fed through the viewer's own LiveFeed. */
function played(messages: LiveMessage[], tab: string): number[] {
  const feed = new LiveFeed();
  let shown: RecordedEvent[] = [];
  for (const m of messages) {
    if (m.type !== 'events' || m.tab !== tab) continue;
    const action: FeedAction = feed.receive(m.tab, m.seq, m.events);
    if (action.kind === 'start') shown = [...action.events];
    else if (action.kind === 'append') shown.push(...action.events);
  }
  return shown.map((e) => e.timestamp);
}

describe('live viewing of batches that arrive out of seq order', () => {
  it("labels every message with its batch's seq, so the viewer plays a late batch in its place, once", async () => {
    const { project, sid, t } = await recordingSession();
    const viewer = await watch(project.id, sid);
    await viewer.until((m) => m.length === 1);
    expect(viewer.messages[0]).toMatchObject({ type: 'events', tab: 'a', seq: 1 });

    // Batch 3 overtakes batch 2 on the way in.
    await ingest(project.key, tabBatch(sid, 'a', 3, [click(t + 30), click(t + 31)]));
    await ingest(project.key, tabBatch(sid, 'a', 2, [click(t + 20)]));
    await viewer.until((m) => m.length === 3);
    expect(viewer.messages.slice(1).map((m) => (m.type === 'events' ? m.seq : m.type))).toEqual([3, 2]);
    expect(played(viewer.messages, 'a')).toEqual([t + 4, t + 5, t + 6, t + 20, t + 30, t + 31]);
    viewer.socket.close(1000, 'done');
  });

  it('fills a gap in the catch-up when the missing batch arrives after the viewer connected', async () => {
    const { project, sid, t } = await recordingSession();
    await ingest(project.key, tabBatch(sid, 'a', 3, [click(t + 30)]));
    const viewer = await watch(project.id, sid);
    await viewer.until((m) => eventsOf(m, 'a').length === 4);
    await ingest(project.key, tabBatch(sid, 'a', 2, [click(t + 20)]));
    await ingest(project.key, tabBatch(sid, 'a', 4, [click(t + 40)]));
    await viewer.until((m) => eventsOf(m, 'a').length === 6);
    expect(played(viewer.messages, 'a')).toEqual([t + 4, t + 5, t + 6, t + 20, t + 30, t + 40]);
    viewer.socket.close(1000, 'done');
  });
});

describe('live catch-up of assets captured before the latest snapshot', () => {
  const font = crypto.getRandomValues(new Uint8Array(3_000));
  const dot = 'data:image/png;base64,AAAA';
  const capture = (t: number, url: string, data: string): RecordedEvent => ({ type: EventType.Custom, timestamp: t, data: { tag: ASSET_TAG, payload: { url, data } } });
  const firstPage = (t: number) => [
    meta(t, 'https://shop.test/'),
    fullSnapshot(t + 1, 'home'),
    capture(t + 2, 'https://shop.test/font.woff2', `data:font/woff2;base64,${btoa(String.fromCharCode(...font))}`),
    capture(t + 3, 'https://shop.test/dot.png', dot),
  ];
  const hex = async (bytes: Uint8Array) => [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
  const expected = async (t: number) => ({
    type: 'assets',
    tab: 'a',
    assets: [
      { tab: 'a', t: t + 2, url: 'https://shop.test/font.woff2', data: assetRef(await hex(font)) },
      { tab: 'a', t: t + 3, url: 'https://shop.test/dot.png', data: dot },
    ],
  });

  it("sends a tab's captures from batches before its latest snapshot ahead of its events", async () => {
    const project = await createProject();
    const sid = sessionId();
    const t = Date.now();
    await ingest(project.key, tabBatch(sid, 'a', 0, firstPage(t)));
    await ingest(project.key, tabBatch(sid, 'a', 1, [meta(t + 10, 'https://shop.test/checkout'), fullSnapshot(t + 11, 'checkout')]));

    const viewer = await watch(project.id, sid);
    await viewer.until((m) => eventsOf(m, 'a').length === 2);
    expect(viewer.messages[0]).toEqual(await expected(t));
    expect(viewer.messages.slice(1).map((m) => m.type)).toEqual(['events']);
    viewer.socket.close(1000, 'done');
  });

  it('sends the captures of segments already written out', async () => {
    const project = await createProject();
    const sid = sessionId();
    const t = Date.now();
    await ingest(project.key, tabBatch(sid, 'a', 0, firstPage(t), true));
    await endSession(project.id, sid);
    // A late batch reopens the session with a new page view.
    await ingest(project.key, tabBatch(sid, 'a', 1, [meta(t + 10, 'https://shop.test/checkout'), fullSnapshot(t + 11, 'checkout')]));

    const viewer = await watch(project.id, sid);
    await viewer.until((m) => eventsOf(m, 'a').length === 2);
    expect(viewer.messages[0]).toEqual(await expected(t));
    viewer.socket.close(1000, 'done');
  });
});

describe('live endpoint errors', () => {
  it.each([
    ['a bad project id', (_p: string, s: string) => livePath('Bad_Project!', s), 400, 'bad_request'],
    ['a bad session id', (p: string) => livePath(p, 'not-a-uuid'), 400, 'bad_request'],
    ['an unknown session', (p: string) => livePath(p, sessionId()), 404, 'not_found'],
  ])('answers %s with a JSON error', async (_name, path, status, code) => {
    const { project, sid } = await recordingSession();
    const res = await upgrade(path(project.id, sid));
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: { code } });
  });

  it('answers a plain GET with 426 and a JSON error', async () => {
    const { project, sid } = await recordingSession();
    const res = await upgrade(livePath(project.id, sid), {});
    expect(res.status).toBe(426);
    expect(await res.json()).toMatchObject({ error: { code: 'bad_request', message: expect.stringContaining('WebSocket') } });
  });
});
