import { WIRE_VERSION, type SegmentInfo, type SessionManifest } from '../../wire/index.ts';
import type { SessionIdentity } from './row.ts';
import type { SeqRanges } from './seq-ranges.ts';
import { timeline } from './markers.ts';
import type { SessionSummary } from './summary.ts';

/** Billable work done since the last finalisation, reported with it (workers/log.ts). */
export interface WriteMeter {
  doRowsWritten: number;
  r2Puts: number;
  r2Bytes: number;
  segments: number;
}

export const NO_WORK: WriteMeter = { doRowsWritten: 0, r2Puts: 0, r2Bytes: 0, segments: 0 };

export function addWork(a: WriteMeter, b: Partial<WriteMeter>): WriteMeter {
  return {
    doRowsWritten: a.doRowsWritten + (b.doRowsWritten ?? 0),
    r2Puts: a.r2Puts + (b.r2Puts ?? 0),
    r2Bytes: a.r2Bytes + (b.r2Bytes ?? 0),
    segments: a.segments + (b.segments ?? 0),
  };
}

/** The DO's one state row while a session records. */
export interface SessionState extends SessionIdentity {
  /** Server receive time of the first batch, ms: the maximum session length counts from here. */
  startedAt: number;
  /** Everything written out so far (compacted or finalised), folded. */
  summary: SessionSummary;
  segments: SegmentInfo[];
  /** Per tab, the seqs already written to R2; their batches are gone from storage. */
  finalized: Record<string, SeqRanges>;
  /** JSON bytes of the batches written out so far. */
  bytesReceived: number;
  meter: WriteMeter;
}

/**
 * A tab's finalised seqs. Own keys only: a tab id is any [0-9a-z]{1,16}, and `constructor` would
 * otherwise read Object.prototype's.
 */
export function finalizedSeqs(finalized: Record<string, SeqRanges>, tab: string): SeqRanges {
  return Object.hasOwn(finalized, tab) ? finalized[tab]! : [];
}

/**
 * The manifest as stored on the session's D1 row: the dashboard's SessionManifest plus what the DO
 * needs to pick the session up again. After finalisation the DO's storage is emptied; a batch that
 * reaches an empty DO reads this back, so a retry is still recognised by its seq and a new batch
 * continues the session. Segments, markers and captured assets are stored once, in the manifest's own fields.
 */
export interface StoredManifest extends SessionManifest {
  recorder: Omit<SessionState, 'segments' | 'meter' | 'summary'> & { summary: Omit<SessionSummary, 'markers' | 'assets'> };
}

export function storedManifest(state: SessionState, startedAt: number, endedAt: number): StoredManifest {
  const { segments, meter: _meter, summary, ...rest } = state;
  const { markers, assets, ...summaryRest } = summary;
  return {
    v: WIRE_VERSION,
    projectId: state.projectId,
    sessionId: state.sessionId,
    startedAt,
    endedAt,
    segments,
    markers: timeline(markers),
    assets,
    recorder: { ...rest, summary: summaryRest },
  };
}

export function stateFromManifest(manifest: StoredManifest): SessionState | null {
  if (typeof manifest.recorder !== 'object' || manifest.recorder === null) return null;
  const { summary, ...rest } = manifest.recorder;
  return {
    ...rest,
    summary: { ...summary, markers: manifest.markers ?? [], assets: manifest.assets ?? [] },
    segments: manifest.segments,
    meter: NO_WORK,
  };
}

/** What the dashboard gets: the manifest without the recorder's resume state. */
export function publicManifest(stored: Partial<StoredManifest> & SessionManifest): SessionManifest {
  const { recorder: _recorder, ...manifest } = stored;
  return { ...manifest, markers: manifest.markers ?? [], assets: manifest.assets ?? [] };
}
