import { describe, expect, it } from 'vitest';
import { CustomTag, type ClickPayload, type NetworkPayload, type RecordedEvent } from '../../wire/index.ts';
import type { ClickFacts } from '../capture/clicks/derived.ts';
import type { RequestFacts } from '../capture/network/request.ts';
import type { ResolvedCapture } from '../capture/options.ts';
import { clientIntake } from './intake.ts';
import type { RecordingMirror } from './pendingStylesheets.ts';
import type { RecordingOptions } from './startRecording.ts';

/** A <link> as the client sees it: loaded or not (sheet), and what rrweb recorded of it now. */
class FakeLink {
  sheet: object | null = null;
  recorded: Record<string, unknown> = { rel: 'stylesheet', href: '/x.css' };
  private onLoad: (() => void) | null = null;
  readonly id: number;
  constructor(id: number) {
    this.id = id;
  }
  addEventListener(_type: string, listener: () => void) {
    this.onLoad = listener;
  }
  /** Loads; rrweb records the text of a sheet it can read. */
  load(readable: boolean) {
    this.sheet = {};
    if (readable) this.recorded = { rel: 'stylesheet', _cssText: 'p{}' };
    this.onLoad?.();
  }
}

function setup(links: FakeLink[], capture: Partial<ResolvedCapture> = {}) {
  const mirror: RecordingMirror = {
    nodeOf: (id) => (links.find((l) => l.id === id) ?? null) as unknown as Node,
    idOf: (node) => (node as unknown as FakeLink).id,
    attributesOf: (node) => (node as unknown as FakeLink | null)?.recorded,
  };
  let recorder: RecordingOptions | null = null;
  let stopped = false;
  const due: Array<() => void> = [];
  const timers = { setTimeout: (callback: () => void) => due.push(callback), clearTimeout: () => {} };
  const startRecording = (options: RecordingOptions) => {
    recorder = options;
    return () => (stopped = true);
  };
  const clickFacts = new WeakMap<ClickPayload, ClickFacts>();
  const requestFacts = new WeakMap<NetworkPayload, RequestFacts>();
  const intake = clientIntake(
    { startRecording, mirror, clickFacts, requestFacts },
    { console: [], errors: false, network: null, navigation: false, clicks: false, assets: false, ...capture },
    timers,
  );
  const start = intake.startRecording;
  const taken: RecordedEvent[] = [];
  const stop = start({ privacy: {} as never, checkoutEveryMs: 1, recordCanvas: false, emit: (event) => taken.push(event) })!;
  return { record: (event: RecordedEvent) => recorder!.emit(event, false), taken, stop, stopped: () => stopped, intake, clickFacts, requestFacts, due };
}

const snapshot = (...ids: number[]): RecordedEvent => ({
  type: 2,
  timestamp: 1,
  data: { node: { type: 0, id: 1, childNodes: ids.map((id) => ({ type: 2, id, tagName: 'link', attributes: { rel: 'stylesheet', href: '/x.css' } })) } },
});
const linkAttributes = (event: RecordedEvent) =>
  (event.data as { node: { childNodes: { attributes: object }[] } }).node.childNodes.map((n) => n.attributes);

describe('clientIntake', () => {
  it('holds back the href of a stylesheet still loading and gives it back only if rrweb could not read it', () => {
    const [unreadable, readable] = [new FakeLink(2), new FakeLink(3)];
    const t = setup([unreadable, readable]);
    t.record(snapshot(2, 3));
    expect(linkAttributes(t.taken[0]!)).toEqual([{ rel: 'stylesheet' }, { rel: 'stylesheet' }]);
    readable.load(true);
    unreadable.load(false);
    expect(t.taken.slice(1).map((e) => (e.data as { attributes: unknown }).attributes)).toEqual([[{ id: 2, attributes: { href: '/x.css' } }]]);
  });

  it('for links recorded before the client came that have loaded since, keeps the href only of an unreadable one', () => {
    const [unreadable, readable] = [new FakeLink(2), new FakeLink(3)];
    unreadable.sheet = {};
    readable.sheet = {};
    readable.recorded = { rel: 'stylesheet', _cssText: 'p{}' };
    const t = setup([unreadable, readable]);
    t.record(snapshot(2, 3));
    expect(linkAttributes(t.taken[0]!)).toEqual([{ rel: 'stylesheet', href: '/x.css' }, { rel: 'stylesheet' }]);
  });

  it('drops empty iframe attaches and scrubs the signals that waited for the client', () => {
    const t = setup([]);
    t.record({
      type: 3,
      timestamp: 1,
      data: { source: 0, adds: [{ parentId: 3, node: { type: 0, id: 4, childNodes: [] } }], removes: [], texts: [], attributes: [], isAttachIframe: true },
    });
    t.record({ type: 5, timestamp: 2, data: { tag: CustomTag.Console, payload: { level: 'log', args: ['mail ann@example.com'] } } });
    expect(t.taken).toEqual([{ type: 5, timestamp: 2, data: { tag: CustomTag.Console, payload: { level: 'log', args: ['mail ***************'] } } }]);
  });

  it('stops the recording it started, and then gives back no held href', () => {
    const link = new FakeLink(2);
    const t = setup([link]);
    t.record(snapshot(2));
    t.stop();
    expect(t.stopped()).toBe(true);
    link.load(false);
    expect(t.taken).toHaveLength(1);
  });

  it('makes the payloads of requests recorded before the client came, and drops those to the SDK', () => {
    const t = setup([], { network: { allowUrls: [], headers: false, bodies: false, maxBodyBytes: 10 } });
    const request = (url: string) => {
      const payload: NetworkPayload = { initiator: 'fetch', method: 'get', url, status: 200, startTime: 1, durationMs: 1 };
      t.requestFacts.set(payload, { body: 'abc', bodies: false, contentLength: '5' });
      t.record({ type: 5, timestamp: 1, data: { tag: CustomTag.Network, payload } });
    };
    request('https://r.test/v1/ingest?k=pk');
    request('https://a.test/x');
    expect(t.taken.map((e) => (e.data as { payload: unknown }).payload)).toEqual([
      { initiator: 'fetch', method: 'GET', url: 'https://a.test/x', status: 200, startTime: 1, durationMs: 1, requestBytes: 3, responseBytes: 5 },
    ]);
  });

  it('reports a dead click recorded before the client came once the client takes signals', () => {
    const t = setup([], { clicks: true });
    const payload = { selector: '#b', text: 'Go', x: 1, y: 2 };
    t.clickFacts.set(payload, { target: {} as Element, deadCandidate: true });
    t.record({ type: 5, timestamp: Date.now() - 5_000, data: { tag: CustomTag.Click, payload } });
    t.due.shift()!();
    const signals: unknown[] = [];
    t.intake.signals((tag, p) => signals.push([tag, p]));
    expect(signals).toEqual([[CustomTag.DeadClick, payload]]);
  });
});
