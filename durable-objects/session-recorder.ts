import { DurableObject } from 'cloudflare:workers';
import { WIRE_VERSION, type IngestBatch, type RecordedEvent, type SegmentInfo, type SessionManifest } from '../wire/index.ts';
import { concatBytes, gzip } from '../workers/compression.ts';
import { insertLiveSession, writeSession } from '../workers/db/sessions.ts';
import { manifestKey, segmentKey } from '../workers/storage-keys.ts';
import { readConfig, type RecorderConfig } from './session/config.ts';
import { sessionEndsAt, type PendingActivity } from './session/end.ts';
import { planSegments } from './session/segments.ts';
import { addSeqs, hasSeq, type SeqRanges } from './session/seq-ranges.ts';
import { endedMessage, sessionRow, startedMessage, type SessionIdentity } from './session/row.ts';
import { EMPTY_SUMMARY, summarize, type SessionSummary } from './session/summary.ts';

/** Who sent a batch and when, as the Worker saw it (never as the client claims). */
export interface IngestContext {
  projectId: string;
  receivedAt: number;
  userAgent: string | null;
  country: string | null;
}

/** What the DO needs of a batch besides its JSON text. */
export type BatchHeader = Pick<IngestBatch, 'sessionId' | 'seq' | 'final'>;

export interface IngestResult {
  duplicate: boolean;
}

/** The one state row: what survives finalisation, so a late batch extends the session. */
interface SessionState extends SessionIdentity {
  /** Server receive time of the first batch, ms: the maximum session length counts from here. */
  startedAt: number;
  summary: SessionSummary;
  segments: SegmentInfo[];
  /** Seqs already written to R2; their batches are gone from `batches`. */
  finalizedSeqs: SeqRanges;
  bytesReceived: number;
}

// Rows stay well under the 2 MB SQLite row limit; larger batches span several parts.
const MAX_PART_BYTES = 1_000_000;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/**
 * One object per (project, session). Stores batches durably before acknowledging them, ends the
 * session by alarm, and then writes segments + manifest to R2 and the session row to D1.
 * Ordering, segmenting, summarising and end detection live in ./session/ as pure functions.
 */
export class SessionRecorder extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly config: RecorderConfig;
  /** The state row as last read or written; every write goes through writeState(). */
  private state: SessionState | null | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.config = readConfig(env);
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS batches (
        seq INTEGER NOT NULL, part INTEGER NOT NULL, received_at INTEGER NOT NULL,
        final INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (seq, part));
      CREATE TABLE IF NOT EXISTS state (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
    `);
  }

  /** Stores one validated batch, given as the JSON text of an IngestBatch. */
  async ingest(batch: BatchHeader, json: string, context: IngestContext): Promise<IngestResult> {
    const state = this.readState() ?? this.createState(batch.sessionId, json, context);
    if (hasSeq(state.finalizedSeqs, batch.seq) || this.isPending(batch.seq)) return { duplicate: true };

    const data = utf8.encode(json);
    this.ctx.storage.transactionSync(() => {
      for (let part = 0, offset = 0; offset < data.byteLength || part === 0; part++, offset += MAX_PART_BYTES) {
        this.sql.exec(
          'INSERT INTO batches (seq, part, received_at, final, data) VALUES (?, ?, ?, ?, ?)',
          batch.seq,
          part,
          context.receivedAt,
          batch.final ? 1 : 0,
          data.subarray(offset, offset + MAX_PART_BYTES),
        );
      }
    });
    await this.ctx.storage.setAlarm(sessionEndsAt(this.pendingActivity(state)!, this.config));
    return { duplicate: false };
  }

  async alarm(): Promise<void> {
    const state = this.readState();
    const activity = state && this.pendingActivity(state);
    if (!state || !activity) return;
    const endsAt = sessionEndsAt(activity, this.config);
    if (Date.now() < endsAt) {
      await this.ctx.storage.setAlarm(endsAt);
      return;
    }
    await this.finalize(state);
  }

  /**
   * Idempotent: R2 keys and the D1 row are derived from stored state, and the state row and the
   * pending batches change in one transaction at the very end. A crash anywhere before that
   * leaves the old state, and the retried alarm writes the same objects again.
   */
  private async finalize(state: SessionState): Promise<void> {
    const { seqs, events, bytes } = this.readPending();
    const summary = summarize(events, state.summary);
    const segments = [...state.segments];
    for (const planned of planSegments(events, this.config.segmentTargetBytes)) {
      segments.push(await this.writeSegment(state, segments.length, planned));
    }
    const row = sessionRow(state, summary, {
      status: 'ended',
      bytes: state.bytesReceived + bytes,
      segmentCount: segments.length,
      fallbackStart: state.startedAt,
    });
    const manifest: SessionManifest = {
      v: WIRE_VERSION,
      projectId: state.projectId,
      sessionId: state.sessionId,
      startedAt: row.startedAt,
      endedAt: row.endedAt,
      segments,
    };
    await this.env.BUCKET.put(manifestKey(state.projectId, state.sessionId), JSON.stringify(manifest), {
      httpMetadata: { contentType: 'application/json' },
    });
    await writeSession(this.env.DB, row, summary.properties);
    await this.env.SESSION_EVENTS.send(endedMessage(row));

    this.ctx.storage.transactionSync(() => {
      this.sql.exec('DELETE FROM batches WHERE seq IN (SELECT value FROM json_each(?))', JSON.stringify(seqs));
      this.writeState({
        ...state,
        summary,
        segments,
        finalizedSeqs: addSeqs(state.finalizedSeqs, seqs),
        bytesReceived: row.bytes,
      });
    });
  }

  private async writeSegment(state: SessionState, index: number, events: RecordedEvent[]): Promise<SegmentInfo> {
    const body = await gzip(JSON.stringify(events));
    await this.env.BUCKET.put(segmentKey(state.projectId, state.sessionId, index), body, {
      httpMetadata: { contentType: 'application/gzip' },
    });
    return {
      index,
      startTime: events[0]!.timestamp,
      endTime: events[events.length - 1]!.timestamp,
      eventCount: events.length,
      bytes: body.byteLength,
    };
  }

  /** Pending batches in seq order: late and out-of-order batches take their place; gaps are skipped. */
  private readPending(): { seqs: number[]; events: RecordedEvent[]; bytes: number } {
    const seqs: number[] = [];
    const events: RecordedEvent[] = [];
    let bytes = 0;
    let parts: Uint8Array[] = [];
    const rows = this.sql.exec<{ seq: number; part: number; data: ArrayBuffer }>(
      'SELECT seq, part, data FROM batches ORDER BY seq, part',
    );
    const flush = () => {
      const data = concatBytes(parts);
      bytes += data.byteLength;
      events.push(...(JSON.parse(fromUtf8.decode(data)) as IngestBatch).events);
      parts = [];
    };
    for (const row of rows) {
      if (row.part === 0 && parts.length > 0) flush();
      if (row.part === 0) seqs.push(row.seq);
      parts.push(new Uint8Array(row.data));
    }
    if (parts.length > 0) flush();
    return { seqs, events, bytes };
  }

  private isPending(seq: number): boolean {
    return this.sql.exec('SELECT 1 FROM batches WHERE seq = ? LIMIT 1', seq).toArray().length > 0;
  }

  private pendingActivity(state: SessionState): PendingActivity | null {
    const row = this.sql
      .exec<{ last: number | null; finalAt: number | null }>(
        `SELECT MAX(received_at) AS last,
                (SELECT received_at FROM batches WHERE final = 1 AND part = 0
                  AND seq = (SELECT MAX(seq) FROM batches)) AS finalAt
         FROM batches`,
      )
      .one();
    return row.last === null ? null : { sessionStartedAt: state.startedAt, lastReceivedAt: row.last, finalAt: row.finalAt };
  }

  /** Read from storage once per instance: ingest runs for every batch, and the row grows with the session. */
  private readState(): SessionState | null {
    if (this.state === undefined) {
      const row = this.sql.exec<{ json: string }>('SELECT json FROM state WHERE id = 1').toArray()[0];
      this.state = row ? (JSON.parse(row.json) as SessionState) : null;
    }
    return this.state;
  }

  private createState(sessionId: string, firstBatchJson: string, context: IngestContext): SessionState {
    const state: SessionState = {
      projectId: context.projectId,
      sessionId,
      userAgent: context.userAgent,
      country: context.country,
      startedAt: context.receivedAt,
      summary: EMPTY_SUMMARY,
      segments: [],
      finalizedSeqs: [],
      bytesReceived: 0,
    };
    this.writeState(state);
    // The live row and the start message are for the dashboard and counts; the batch is safe
    // in storage already, so they do not hold up the acknowledgement.
    this.ctx.waitUntil(this.announceStart(state, (JSON.parse(firstBatchJson) as IngestBatch).events));
    return state;
  }

  private async announceStart(state: SessionState, firstEvents: RecordedEvent[]): Promise<void> {
    const row = sessionRow(state, summarize(firstEvents), {
      status: 'live',
      bytes: 0,
      segmentCount: 0,
      fallbackStart: state.startedAt,
    });
    try {
      await insertLiveSession(this.env.DB, row);
      await this.env.SESSION_EVENTS.send(startedMessage(row));
    } catch (error) {
      console.error('could not announce session start', state.projectId, state.sessionId, error);
    }
  }

  private writeState(state: SessionState): void {
    this.sql.exec('INSERT OR REPLACE INTO state (id, json) VALUES (1, ?)', JSON.stringify(state));
    this.state = state;
  }
}
