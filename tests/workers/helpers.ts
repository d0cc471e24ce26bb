import { listDurableObjectIds, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { EventType, IncrementalSource, MouseInteraction, type IngestBatch, type RecordedEvent, type SessionDetailResponse } from '../../wire/index.ts';
import { gzip } from '../../workers/compression.ts';

export const ORIGIN = 'https://edge-replay.test';

/** The admin's credentials (the secret as a bearer token), for every dashboard API call in tests. */
export const ADMIN: Record<string, string> = { authorization: `Bearer ${env.ADMIN_SECRET}` };

let projectCounter = 0;

/** A fresh project per test keeps tests independent of each other's rows. */
export async function createProject(): Promise<{ id: string; key: string }> {
  const n = ++projectCounter;
  const id = `p${n}-${crypto.randomUUID().slice(0, 8)}`;
  const key = `pk_${crypto.randomUUID().replaceAll('-', '')}`;
  await env.DB.prepare('INSERT INTO projects (id, name, public_key, created_at) VALUES (?, ?, ?, ?)')
    .bind(id, `Project ${n}`, key, Date.now())
    .run();
  return { id, key };
}

/** A fresh project, a new session id in it, and `t`, the time the test's events count from. */
export async function newSession(): Promise<{ project: { id: string; key: string }; sid: string; t: number }> {
  const project = await createProject();
  return { project, sid: sessionId(), t: Date.now() };
}

/** A UUIDv7 from a timestamp, as the SDK makes them. */
export function sessionId(ms = Date.now()): string {
  const hex = ms.toString(16).padStart(12, '0');
  const rand = crypto.randomUUID().replaceAll('-', '');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${rand.slice(0, 3)}-8${rand.slice(3, 6)}-${rand.slice(6, 18)}`;
}

export const meta = (t: number, href: string): RecordedEvent => ({ type: EventType.Meta, timestamp: t, data: { href, width: 1280, height: 720 } });
export const fullSnapshot = (t: number, text = 'hello'): RecordedEvent => ({
  type: EventType.FullSnapshot,
  timestamp: t,
  data: { node: { type: 0, childNodes: [{ type: 3, textContent: text, id: 2 }], id: 1 }, initialOffset: { top: 0, left: 0 } },
});
export const click = (t: number, id = 2): RecordedEvent => ({
  type: EventType.IncrementalSnapshot,
  timestamp: t,
  data: { source: IncrementalSource.MouseInteraction, type: MouseInteraction.Click, id, x: 10, y: 10 },
});

/** A batch of the session's tab `tab`; seq counts per (session, tab). */
export function batch(session: string, seq: number, events: RecordedEvent[], final = false, tab = 'main'): IngestBatch {
  return { v: 1, sessionId: session, tab, seq, final, sentAt: Date.now(), events };
}

export async function post(key: string | null, body: BodyInit, headers: Record<string, string> = {}): Promise<Response> {
  const url = key === null ? `${ORIGIN}/v1/ingest` : `${ORIGIN}/v1/ingest?k=${encodeURIComponent(key)}`;
  return exports.default.fetch(new Request(url, { method: 'POST', body, headers }));
}

export async function send(key: string, b: IngestBatch): Promise<Response> {
  return post(key, await gzip(JSON.stringify(b)));
}

/** A GET as the admin; `headers` replace the admin's (pass `{}` to send no credentials). */
export async function get(path: string, headers: Record<string, string> = ADMIN): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, { headers }));
}

export function recorder(projectId: string, session: string) {
  return env.SESSION_RECORDER.getByName(`${projectId}:${session}`);
}

/** Ends a session that sent its final batch: wait out the grace period, then run the alarm. */
export async function endSession(projectId: string, session: string): Promise<void> {
  await new Promise((r) => setTimeout(r, 250));
  await runDurableObjectAlarm(recorder(projectId, session));
}

/** The dashboard API's view of an ended session: its row, properties and manifest. */
export async function sessionDetail(projectId: string, session: string): Promise<SessionDetailResponse> {
  const res = await get(`/api/sessions/${projectId}/${session}`);
  if (res.status !== 200) throw new Error(`session ${session}: ${res.status}`);
  return res.json();
}

export async function readSegment(projectId: string, session: string, index: number): Promise<RecordedEvent[]> {
  const res = await get(`/api/sessions/${projectId}/${session}/segments/${index}`);
  if (res.status !== 200) throw new Error(`segment ${index}: ${res.status}`);
  return new Response(res.body!.pipeThrough(new DecompressionStream('gzip'))).json();
}

/** Rows in a session DO's SQLite storage, all tables: what it keeps between batches. */
export async function storedRows(projectId: string, session: string): Promise<number> {
  return runInDurableObject(recorder(projectId, session), (_o, state) => {
    const tables = state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'")
      .toArray();
    return tables.reduce((n, { name }) => n + state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM "${name}"`).one().n, 0);
  });
}

/** Batch rows (parts) in a session DO's storage, its state row (tab '') left out; 0 once deleteAll() dropped the table. */
export async function storedBatchRows(projectId: string, session: string): Promise<number> {
  return runInDurableObject(recorder(projectId, session), (_o, state) => {
    const exists = state.storage.sql.exec("SELECT 1 FROM sqlite_master WHERE name = 'batches'").toArray().length > 0;
    return exists ? state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM batches WHERE tab > ''").one().n : 0;
  });
}

/** Whether a batch of this session ever reached its Durable Object (listing ids creates none). */
export async function isStored(projectId: string, session: string): Promise<boolean> {
  const id = env.SESSION_RECORDER.idFromName(`${projectId}:${session}`);
  return (await listDurableObjectIds(env.SESSION_RECORDER)).some((listed) => listed.equals(id));
}
