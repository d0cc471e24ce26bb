/**
 * Client-made sessions: a UUIDv7 kept in sessionStorage, so reloads in the same tab continue the
 * session (and its seq numbering) until 30 min without user activity or 4 h in total.
 *
 * Everything here is pure except loadSession/saveSession, which take the storage as an argument.
 * Time is always passed in as `now` (ms since epoch).
 */
import { MAX_SEQ, isSessionId } from '../wire/index.ts';
import { SESSION_IDLE_TIMEOUT_MS, SESSION_MAX_DURATION_MS, SESSION_STORAGE_KEY } from './constants.ts';
import { uuidv7, type FillRandom } from './util/uuidv7.ts';

/**
 * What this session does, decided once (sampling, buffer mode) and stored with it so reloads agree:
 * 'full' uploads as it records, 'buffer' keeps the last minute in memory until an error happens
 * (then 'full'), 'off' records nothing.
 */
export type RecordingMode = 'full' | 'buffer' | 'off';

const MODES: ReadonlySet<unknown> = new Set<RecordingMode>(['full', 'buffer', 'off']);

export interface SessionState {
  /** Lowercase UUIDv7, see wire's isSessionId. */
  id: string;
  /** ms since epoch */
  startedAt: number;
  /** Last user activity (input, pointer, scroll, page load, tab shown), ms since epoch. */
  lastActivityAt: number;
  /** seq the next batch gets. Persisted when a batch is cut, before it is sent. */
  nextSeq: number;
  /** Absent until the sampling decision is made (it may wait for the remote config). */
  mode?: RecordingMode;
}

/** The part of the Web Storage API the SDK uses. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function createSession(now: number, fillRandom: FillRandom): SessionState {
  return { id: uuidv7(now, fillRandom), startedAt: now, lastActivityAt: now, nextSeq: 0 };
}

/** True when a session may no longer take events: idle too long, too old, or out of seq numbers. */
export function isSessionExpired(session: SessionState, now: number): boolean {
  return (
    now - session.lastActivityAt >= SESSION_IDLE_TIMEOUT_MS ||
    now - session.startedAt >= SESSION_MAX_DURATION_MS ||
    session.nextSeq > MAX_SEQ
  );
}

/** Records user activity at `now`. Never moves lastActivityAt backwards. */
export function touchSession(session: SessionState, now: number): SessionState {
  if (now <= session.lastActivityAt) return session;
  return { ...session, lastActivityAt: now };
}

/** Claims the next seq for a batch being cut. Persist `session` before sending the batch. */
export function claimSeq(session: SessionState): { seq: number; session: SessionState } {
  return { seq: session.nextSeq, session: { ...session, nextSeq: session.nextSeq + 1 } };
}

/**
 * The session to continue at page start: the stored one if still live (touched, since a page load
 * is user activity), else a new one.
 */
export function resumeOrCreateSession(
  stored: SessionState | null,
  now: number,
  fillRandom: FillRandom,
): { session: SessionState; resumed: boolean } {
  if (stored && !isSessionExpired(stored, now)) return { session: touchSession(stored, now), resumed: true };
  return { session: createSession(now, fillRandom), resumed: false };
}

/** The session with its recording mode decided. */
export function withMode(session: SessionState, mode: RecordingMode): SessionState {
  return session.mode === mode ? session : { ...session, mode };
}

export function serializeSession(session: SessionState): string {
  return JSON.stringify({
    id: session.id,
    startedAt: session.startedAt,
    lastActivityAt: session.lastActivityAt,
    nextSeq: session.nextSeq,
    mode: session.mode,
  });
}

/** Parses a stored session; anything malformed (tampered, older format) gives null. */
export function parseSession(raw: string | null): SessionState | null {
  if (!raw) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (!isSessionId(v.id)) return null;
  if (!isTime(v.startedAt) || !isTime(v.lastActivityAt)) return null;
  if (!Number.isInteger(v.nextSeq) || (v.nextSeq as number) < 0) return null;
  const session: SessionState = {
    id: v.id,
    startedAt: v.startedAt,
    lastActivityAt: v.lastActivityAt,
    nextSeq: v.nextSeq as number,
  };
  // An unknown mode (older SDK, tampering) only means the decision is made again.
  if (MODES.has(v.mode)) session.mode = v.mode as RecordingMode;
  return session;
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/** Reads the stored session. Storage that throws (privacy modes, sandboxed frames) reads as none. */
export function loadSession(storage: StorageLike | null): SessionState | null {
  if (!storage) return null;
  try {
    return parseSession(storage.getItem(SESSION_STORAGE_KEY));
  } catch {
    return null;
  }
}

/** Stores the session; false when storage is missing or refuses (quota, security errors). */
export function saveSession(storage: StorageLike | null, session: SessionState): boolean {
  if (!storage) return false;
  try {
    storage.setItem(SESSION_STORAGE_KEY, serializeSession(session));
    return true;
  } catch {
    return false;
  }
}
