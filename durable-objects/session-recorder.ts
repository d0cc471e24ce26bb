import { DurableObject } from 'cloudflare:workers';
import { type IngestBatch, type RecordedEvent, type SegmentInfo } from '../wire/index.ts';
import { gzip } from '../workers/compression.ts';
import { insertLiveSession, readManifest, storedManifestBytes, writeSession } from '../workers/db/sessions.ts';
import { logEvent } from '../workers/log.ts';
import { recordHealth } from '../workers/health/record.ts';
import { segmentKey } from '../workers/storage-keys.ts';
import { BatchStore } from './session/batch-store.ts';
import { MAX_TABS_PER_SESSION, readConfig, type RecorderConfig } from './session/config.ts';
import { finalAt, sessionEndsAt, type PendingActivity } from './session/end.ts';
import { isSegmentStart, planCompaction, planSegments } from './session/segments.ts';
import { addSeqs, hasSeq } from './session/seq-ranges.ts';
import { endedMessage, sessionRow, startedMessage } from './session/row.ts';
import { addWork, finalizedSeqs, NO_WORK, stateFromManifest, storedManifest, type SessionState, type StoredManifest, type WriteMeter } from './session/state.ts';
import { EMPTY_SUMMARY, summarize } from './session/summary.ts';
import { loadCatchUp, readSegmentEvents } from './live/load-catch-up.ts';
import { LiveViewers } from './live/viewers.ts';

/** Who sent a batch and when, as the Worker saw it (never as the client claims). */
export interface IngestContext {
  projectId: string;
  receivedAt: number;
  userAgent: string | null;
  country: string | null;
}

/** What the DO needs of a batch besides its JSON text. */
export type BatchHeader = Pick<IngestBatch, 'sessionId' | 'tab' | 'seq' | 'final'>;

export interface IngestResult {
  duplicate: boolean;
  /** Someone watches this session live (see IngestResponse.live). */
  live: boolean;
  /** Not stored: the session already has MAX_TABS_PER_SESSION tabs. */
  tooManyTabs?: true;
}

/**
 * One object per (project, session). Stores batches durably before acknowledging them, writes a
 * tab's completed segments to R2 while the session runs, ends the session by alarm, and then
 * writes the rest to R2 and the session row with its manifest to D1, and empties its storage.
 * Ordering, segmenting, summarising and end detection live in ./session/ as pure functions.
 */
export class SessionRecorder extends DurableObject<Env> {
  private readonly store: BatchStore;
  private readonly config: RecorderConfig;
  /** The state row as last read or written; every write goes through writeState(). */
  private state: SessionState | null | undefined;
  /** A finished session's state read back from its manifest in D1, shared by concurrent batches. */
  private restoring: Promise<SessionState | null> | null = null;
  /** Compaction and finalisation run one at a time: both derive R2 keys from the state they start from. */
  private writeOuts: Promise<unknown> = Promise.resolve();
  private readonly viewers: LiveViewers;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.config = readConfig(env);
    this.viewers = new LiveViewers(ctx);
    this.store = new BatchStore(ctx.storage.sql);
  }

  /** Stores one validated batch, given as the JSON text of an IngestBatch. */
  async ingest(batch: BatchHeader, json: string, context: IngestContext): Promise<IngestResult> {
    const { tab, seq } = batch;
    const known = this.readState() ?? (await this.restoredState(context.projectId, batch.sessionId));
    // The store is asked even for a new session: batches that waited on the same manifest read
    // resume one after another, and an earlier one (the original of a retry, say) is stored by now.
    const finalized = known?.finalized ?? {};
    if (hasSeq(finalizedSeqs(finalized, tab), seq) || this.store.has(tab, seq)) {
      return { duplicate: true, live: this.viewers.watching };
    }
    if (this.isNewTabOverCap(finalized, tab)) {
      return { duplicate: false, live: this.viewers.watching, tooManyTabs: true };
    }

    let doRowsWritten = 0;
    let state = this.readState();
    if (!state) {
      // A reopened session's state comes back from its manifest; a new session starts here.
      state = known ?? this.newState(batch.sessionId, json, context);
      doRowsWritten += this.writeState(state);
    }
    doRowsWritten += this.store.put(tab, seq, context.receivedAt, batch.final, json);
    doRowsWritten += await this.armAlarm(state, batch.final);
    logEvent('do.batch', { doRowsWritten });
    this.viewers.broadcast(tab, seq, json);
    await this.compactIfDue(tab, json);
    return { duplicate: false, live: this.viewers.watching };
  }

  /** A live viewer's WebSocket upgrade, forwarded by workers/api/live.ts once it checked the request. */
  async fetch(): Promise<Response> {
    const state = this.readState() ?? (await this.restoredState());
    if (!state) return Response.json({ error: { code: 'not_found', message: 'no such session' } }, { status: 404 });
    if (!this.pendingActivity(state)) return this.viewers.accept('ended', Date.now());
    const catchUp = await loadCatchUp({
      pendingByTab: () => this.store.read(),
      segments: () => this.readState()?.segments ?? [],
      capturedAssets: () => this.readState()?.summary.assets ?? [],
      readSegment: (segment) => readSegmentEvents(this.env.BUCKET, segmentKey(state.projectId, state.sessionId, segment.index)),
    });
    return this.viewers.accept(catchUp, Date.now());
  }

  webSocketMessage(ws: WebSocket): void {
    this.viewers.onMessage(ws);
  }

  webSocketClose(ws: WebSocket, code: number): void {
    this.viewers.onClose(ws, code, Date.now());
  }

  webSocketError(ws: WebSocket): void {
    this.viewers.onClose(ws, 1006, Date.now());
  }

  async alarm(): Promise<void> {
    await this.exclusively(async () => {
      const state = this.readState();
      const activity = state && this.pendingActivity(state);
      // Each invocation is a billed DO request; re-arming bills a row (bench/cost.ts counts both).
      let doRowsWritten = 0;
      if (state && activity) {
        const endsAt = sessionEndsAt(activity, this.config);
        if (Date.now() < endsAt) {
          await this.ctx.storage.setAlarm(endsAt);
          doRowsWritten = 1;
        } else {
          await this.finalize(state).catch((error: unknown) => {
            // Counted for the health page; the alarm is retried from the same stored state.
            recordHealth(this.env, { kind: 'finalize' }, { projectId: state.projectId, sessionId: state.sessionId, message: String(error).slice(0, 200) });
            throw error;
          });
        }
      }
      logEvent('do.alarm', { doRowsWritten });
    });
  }

  /**
   * Idempotent: R2 keys and the D1 row are derived from stored state, and the DO's storage
   * changes in one step at the very end. A crash anywhere before that leaves the old state, and
   * the retried alarm writes the same objects again. When no batch arrived meanwhile, that step
   * is deleteAll(): the manifest holds all a late batch needs (see StoredManifest), and dropping
   * the whole database (its alarm too) is not billed per row like deleting each batch would be.
   */
  private async finalize(state: SessionState): Promise<void> {
    let meter = state.meter;
    let summary = state.summary;
    let bytes = 0;
    let segments = state.segments;
    const finalized = { ...state.finalized };
    const rowsBefore = this.store.count();
    const pending = [...this.store.read()].sort(([a], [b]) => (a < b ? -1 : 1));
    for (const [tab, batches] of pending) {
      const events = batches.flatMap((b) => b.events);
      summary = summarize(events, summary, tab);
      const written = await this.writeSegments(state, segments, tab, planSegments(events, this.config.segmentTargetBytes, this.config.segmentMaxDurationMs));
      segments = written.segments;
      meter = addWork(meter, written.work);
      finalized[tab] = addSeqs(finalizedSeqs(finalized, tab), batches.map((b) => b.seq));
      bytes += batches.reduce((n, b) => n + b.bytes, 0);
    }
    const next: SessionState = { ...state, summary, segments, finalized, bytesReceived: state.bytesReceived + bytes, meter: NO_WORK };
    const row = sessionRow(next, summary, {
      status: 'ended',
      bytes: next.bytesReceived,
      segmentCount: segments.length,
      fallbackStart: state.startedAt,
    });
    // The manifest rides on the ended row: the same statement, no extra row.
    const manifest = await storedManifestBytes(JSON.stringify(storedManifest(next, row.startedAt, row.endedAt)));
    const d1RowsWritten = await writeSession(this.env.DB, { ...row, manifest }, summary.properties, summary.search);
    await this.env.SESSION_EVENTS.send(endedMessage(row));
    let doRowsWritten = meter.doRowsWritten;
    // Nothing runs between this check and deleteAll(): a batch that arrives later lands in the emptied storage.
    const cleared = this.store.count() === rowsBefore;
    if (cleared) {
      const deleted = this.ctx.storage.deleteAll();
      this.forgetStorage();
      await deleted;
    } else {
      this.ctx.storage.transactionSync(() => {
        for (const [tab, batches] of pending) doRowsWritten += this.store.remove(tab, batches.map((b) => b.seq));
        doRowsWritten += this.writeState(next);
      });
    }
    // storageCleared: deleteAll() calls, which bench/cost.ts counts apart (estimated: not billed per row).
    logEvent('session.finalized', { ...meter, doRowsWritten, d1RowsWritten, manifestBytes: manifest.byteLength, storageCleared: cleared ? 1 : 0 });
    if (cleared) this.viewers.end();
  }

  /**
   * Compaction: once a tab holds more than a segment's worth and a batch brings a new place to
   * cut (a full snapshot), its completed segments go to R2 and their batches leave storage, so a
   * long session's DO stays small. Crash-safe like finalize(): keys from state, state last. A
   * failure leaves the batches pending for the next attempt or the finalisation.
   */
  private async compactIfDue(tab: string, json: string): Promise<void> {
    if (this.store.pendingBytes(tab) < this.config.segmentTargetBytes) return;
    const { events } = JSON.parse(json) as Pick<IngestBatch, 'events'>;
    if (!events.some((_, i) => isSegmentStart(events, i))) return;
    try {
      await this.exclusively(() => this.compact(tab));
    } catch (error) {
      console.error('compaction failed; the batches stay pending', tab, error);
    }
  }

  private async compact(tab: string): Promise<void> {
    const state = this.readState();
    const batches = this.store.read(tab).get(tab);
    if (!state || !batches) return;
    const plan = planCompaction(batches, this.config.segmentTargetBytes, this.config.segmentMaxDurationMs);
    if (plan.segments.length === 0) return;
    const { segments, work } = await this.writeSegments(state, state.segments, tab, plan.segments);
    const meter = addWork(state.meter, work);
    const done = new Set(plan.doneSeqs);
    this.ctx.storage.transactionSync(() => {
      let rows = this.store.remove(tab, plan.doneSeqs);
      if (plan.split) rows += this.store.replaceEvents(tab, plan.split.seq, plan.split.events);
      const next: SessionState = {
        ...state,
        summary: summarize(plan.segments.flat(), state.summary, tab),
        segments,
        finalized: { ...state.finalized, [tab]: addSeqs(finalizedSeqs(state.finalized, tab), plan.doneSeqs) },
        bytesReceived: state.bytesReceived + batches.filter((b) => done.has(b.seq)).reduce((n, b) => n + b.bytes, 0),
        meter: addWork(meter, { doRowsWritten: rows }),
      };
      // The state row's own write is metered in memory only: storing it would take another write.
      const stateRows = this.writeState(next);
      next.meter = addWork(next.meter, { doRowsWritten: stateRows });
    });
  }

  /** Writes one tab's planned segments to R2, numbered on after `written`; returns the longer list. */
  private async writeSegments(
    state: SessionState,
    written: readonly SegmentInfo[],
    tab: string,
    planned: RecordedEvent[][],
  ): Promise<{ segments: SegmentInfo[]; work: WriteMeter }> {
    const segments = [...written];
    let work = NO_WORK;
    for (const events of planned) {
      const index = segments.length;
      const body = await gzip(JSON.stringify(events));
      await this.env.BUCKET.put(segmentKey(state.projectId, state.sessionId, index), body, {
        httpMetadata: { contentType: 'application/gzip' },
      });
      segments.push({
        index,
        tab,
        startTime: events[0]!.timestamp,
        endTime: events[events.length - 1]!.timestamp,
        eventCount: events.length,
        bytes: body.byteLength,
      });
      work = addWork(work, { r2Puts: 1, r2Bytes: body.byteLength, segments: 1 });
    }
    return { segments, work };
  }

  /**
   * setAlarm() bills a row written, as much as storing the batch. A batch that is not final only
   * moves the idle end later, and alarm() re-arms from stored state when it fires early, so the
   * alarm is set only when none is pending or a final batch brings the end sooner (its grace
   * period). Only then are the pending batches scanned for the end. Returns the rows written.
   */
  private async armAlarm(state: SessionState, final: boolean): Promise<number> {
    const current = await this.ctx.storage.getAlarm();
    // An alarm in the past is firing now, or failed and waits for its retry: it may not re-arm.
    const pending = current !== null && current > Date.now();
    if (pending && !final) return 0;
    const endsAt = sessionEndsAt(this.pendingActivity(state)!, this.config);
    if (pending && current <= endsAt) return 0;
    await this.ctx.storage.setAlarm(endsAt);
    return 1;
  }

  private exclusively<T>(job: () => Promise<T>): Promise<T> {
    const run = this.writeOuts.then(job, job);
    this.writeOuts = run.catch(() => {});
    return run;
  }

  private pendingActivity(state: SessionState): PendingActivity | null {
    const { lastReceivedAt, heads } = this.store.activity();
    return lastReceivedAt === null ? null : { sessionStartedAt: state.startedAt, lastReceivedAt, finalAt: finalAt(heads) };
  }

  /** A hostile client could otherwise grow the state row with endless tab ids. */
  private isNewTabOverCap(finalized: SessionState['finalized'], tab: string): boolean {
    // Runs for every batch: a known tab is told by one key lookup, not a scan of all pending rows.
    if (Object.hasOwn(finalized, tab) || this.store.hasTab(tab)) return false;
    return new Set([...Object.keys(finalized), ...this.store.tabs()]).size >= MAX_TABS_PER_SESSION;
  }

  /** Read from storage once per instance: ingest runs for every batch, and the row grows with the session. */
  private readState(): SessionState | null {
    if (this.state === undefined) {
      const json = this.store.readState();
      this.state = json === null ? null : (JSON.parse(json) as SessionState);
    }
    return this.state;
  }

  /**
   * An empty DO is a new session or a finished one: the manifest on its D1 row tells which (a
   * point read, billed as rows read). Nothing is written here, so a retried batch of a finished
   * session leaves the storage empty.
   */
  private restoredState(projectId?: string, sessionId?: string): Promise<SessionState | null> {
    this.restoring ??= (async () => {
      const name = this.ctx.id.name ?? '';
      const project = projectId ?? name.slice(0, name.indexOf(':'));
      const { manifest, rowsRead } = await readManifest(this.env.DB, this.env.BUCKET, project, sessionId ?? name.slice(name.indexOf(':') + 1));
      logEvent('do.manifest-read', { d1RowsRead: rowsRead });
      return manifest ? stateFromManifest(JSON.parse(manifest) as StoredManifest) : null;
    })();
    // A failed read is retried by the next batch, not remembered.
    this.restoring.catch(() => (this.restoring = null));
    return this.restoring;
  }

  private newState(sessionId: string, firstBatchJson: string, context: IngestContext): SessionState {
    const state: SessionState = {
      projectId: context.projectId,
      sessionId,
      userAgent: context.userAgent,
      country: context.country,
      startedAt: context.receivedAt,
      summary: EMPTY_SUMMARY,
      segments: [],
      finalized: {},
      bytesReceived: 0,
      meter: NO_WORK,
    };
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
      const d1RowsWritten = await insertLiveSession(this.env.DB, row);
      await this.env.SESSION_EVENTS.send(startedMessage(row));
      logEvent('session.started', { d1RowsWritten });
    } catch (error) {
      console.error('could not announce session start', state.projectId, state.sessionId, error);
    }
  }

  /** Returns the rows written, the table's own creation included (CREATE TABLE bills rows too). */
  private writeState(state: SessionState): number {
    const written = this.store.writeState(JSON.stringify(state));
    this.state = state;
    this.restoring = null;
    return written;
  }

  /** deleteAll() emptied the storage: the session is all in R2 and D1, and the next batch reads its state back from the manifest. */
  private forgetStorage(): void {
    this.store.dropped();
    this.state = null;
    this.restoring = null;
  }
}
