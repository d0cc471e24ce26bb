/**
 * Reads what the pipeline stored, through the dashboard API: waits until sessions have ended
 * (their manifest is in R2 and their row in D1), then fetches every segment of each.
 */
import { gunzipSync } from 'node:zlib';
import type { RecordedEvent, SessionDetailResponse } from '../../wire/index.ts';
import { addTallies, EMPTY_TALLY, tallyMarks, type Tally } from './tally.ts';
import { acknowledgedMarks, type VisitPlan, type VisitRecord } from './visits.ts';
import { ADMIN_HEADERS } from './wrangler-dev.ts';

const POLL_MS = 250;
const PARALLEL_READS = 8;

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!);
      }
    }),
  );
  return results;
}

/** Each session's detail once it has ended; throws naming a session still open at `deadline`. */
export async function waitUntilEnded(
  origin: string,
  sessions: Array<{ projectId: string; sessionId: string }>,
  deadline: number,
): Promise<SessionDetailResponse[]> {
  return mapLimit(sessions, PARALLEL_READS, async ({ projectId, sessionId }) => {
    for (;;) {
      const res = await fetch(`${origin}/api/sessions/${projectId}/${sessionId}`, { headers: ADMIN_HEADERS });
      if (res.status === 200) return (await res.json()) as SessionDetailResponse;
      await res.text();
      if (res.status !== 404) throw new Error(`GET session ${sessionId}: ${res.status}`);
      if (Date.now() > deadline) throw new Error(`session ${sessionId} of ${projectId} had not ended by the deadline`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  });
}

export async function storedEvents(origin: string, detail: SessionDetailResponse): Promise<RecordedEvent[]> {
  const { projectId, sessionId, segments } = detail.manifest;
  const events: RecordedEvent[] = [];
  for (const segment of segments) {
    const res = await fetch(`${origin}/api/sessions/${projectId}/${sessionId}/segments/${segment.index}`, { headers: ADMIN_HEADERS });
    if (res.status !== 200) throw new Error(`segment ${segment.index} of ${sessionId}: ${res.status}`);
    events.push(...(JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8')) as RecordedEvent[]));
  }
  return events;
}

/** Segments and their gzip bytes as the sessions' manifests in R2 list them. */
export function segmentTotals(details: SessionDetailResponse[]): { segments: number; segmentBytes: number } {
  const segments = details.flatMap((d) => d.manifest.segments);
  return { segments: segments.length, segmentBytes: segments.reduce((n, s) => n + s.bytes, 0) };
}

export interface StoredCheck extends Tally {
  sessions: number;
  segments: number;
  segmentBytes: number;
}

/** Waits for every visit's session to end, then checks its stored events against the acknowledged ones. */
export async function checkStored(origin: string, visits: VisitRecord[], plan: VisitPlan, deadline: number): Promise<StoredCheck> {
  const sent = visits.filter((v) => v.acknowledged.length > 0);
  const details = await waitUntilEnded(origin, sent, deadline);
  const tallies = await mapLimit([...sent.keys()], PARALLEL_READS, async (i) =>
    tallyMarks(acknowledgedMarks(sent[i]!, plan), (await storedEvents(origin, details[i]!)) as Array<{ benchId?: unknown }>),
  );
  return {
    ...tallies.reduce(addTallies, EMPTY_TALLY),
    sessions: sent.length,
    ...segmentTotals(details),
  };
}
