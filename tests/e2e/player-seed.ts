/**
 * Sessions for the player and overview tests, sent through the local stack's real ingest path as
 * an SDK would send them (gzip batches, seq from 0, a final batch), with events written here so
 * the tests know exactly what each moment of the replay shows: a page whose h1#title names the
 * part of the visit, rrweb snapshots and text mutations, and edge-replay's signals.
 */
import { randomFillSync } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { uuidv7 } from '../../sdk/util/uuidv7.ts';
import {
  CustomTag,
  EventType,
  INGEST_PATH,
  PROJECT_KEY_PARAM,
  WIRE_VERSION,
  type IngestBatch,
  type RecordedEvent,
  type SessionDetailResponse,
} from '../../wire/index.ts';
import type { LocalStack } from './stack.ts';

export const MINUTE = 60_000;
export const CHROME_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
const TITLE_TEXT_ID = 7;
const EVENTS_PER_BATCH = 4;

/** Meta and full snapshot of a page whose content is `<h1 id="title">` with `title`, then `more` serialized nodes. */
export function snapshot(at: number, title: string, href: string, more: object[] = []): RecordedEvent[] {
  const element = (id: number, tagName: string, attributes: Record<string, string>, childNodes: unknown[]) => ({ type: 2, id, tagName, attributes, childNodes });
  const node = {
    type: 0,
    id: 1,
    childNodes: [
      { type: 1, id: 2, name: 'html', publicId: '', systemId: '' },
      element(3, 'html', {}, [
        element(4, 'head', {}, []),
        element(5, 'body', {}, [element(6, 'h1', { id: 'title' }, [{ type: 3, id: TITLE_TEXT_ID, textContent: title }]), ...more]),
      ]),
    ],
  };
  return [
    { type: EventType.Meta, timestamp: at, data: { href, width: 1024, height: 640 } },
    { type: EventType.FullSnapshot, timestamp: at + 1, data: { node, initialOffset: { top: 0, left: 0 } } },
  ];
}

/** The title's text changes, as rrweb records a text mutation. */
export const retitle = (at: number, title: string): RecordedEvent => ({
  type: EventType.IncrementalSnapshot,
  timestamp: at,
  data: { source: 0, texts: [{ id: TITLE_TEXT_ID, value: title }], attributes: [], removes: [], adds: [] },
});

/** One of edge-replay's signals (console, network, error, click, navigation…). */
export const signal = (at: number, tag: string, payload: object): RecordedEvent => ({ type: EventType.Custom, timestamp: at, data: { tag, payload } });

export const navigation = (at: number, href: string) => signal(at, CustomTag.Navigation, { href, kind: 'load' });

/** Sends `events` as one tab's batches, the last one final, and returns the new session's id. */
export async function ingestSession(stack: LocalStack, events: RecordedEvent[], tab = 'main'): Promise<string> {
  const sessionId = uuidv7(Date.now(), randomFillSync);
  const sorted = [...events].sort((a, b) => a.timestamp - b.timestamp);
  const batches = Math.ceil(sorted.length / EVENTS_PER_BATCH);
  for (let seq = 0; seq < batches; seq++) {
    const batch: IngestBatch = {
      v: WIRE_VERSION,
      sessionId,
      tab,
      seq,
      final: seq === batches - 1,
      sentAt: Date.now(),
      events: sorted.slice(seq * EVENTS_PER_BATCH, (seq + 1) * EVENTS_PER_BATCH),
    };
    const res = await fetch(`${stack.origin}${INGEST_PATH}?${PROJECT_KEY_PARAM}=${stack.projectKey}`, {
      method: 'POST',
      body: gzipSync(JSON.stringify(batch)),
      headers: { 'content-type': 'text/plain', 'user-agent': CHROME_UA },
    });
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
  }
  return sessionId;
}

/** The session's detail once it has ended and its replay is written out. */
export async function endedSession(stack: LocalStack, sessionId: string, timeoutMs = 60_000): Promise<SessionDetailResponse> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${stack.origin}/api/sessions/demo/${sessionId}`, { headers: stack.auth });
    if (res.status === 200) return (await res.json()) as SessionDetailResponse;
    await res.text();
    if (Date.now() > deadline) throw new Error(`session ${sessionId} did not end in ${timeoutMs} ms (last answer ${res.status})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
