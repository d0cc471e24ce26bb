/**
 * Client-made sessions spanning the tabs of one visit.
 *
 * The visit (session id, start, last activity, recording mode) lives in localStorage, shared by
 * every tab of the origin: any tab's activity keeps it alive, a tab opened meanwhile joins it, and
 * the sampling decision is made once for all of them. It ends after 30 min without activity in
 * any tab or 4 h in total. Each tab records its own stream under a short tab id with its own seq
 * numbering, kept in sessionStorage, so a reload continues the tab's stream.
 *
 * Everything here is pure except loadSession/saveSession, which take the storages as arguments.
 * Time is always passed in as `now` (ms since epoch).
 */
import { MAX_SEQ, isSessionId, isTabId } from '../wire/index.ts';
import { SESSION_IDLE_TIMEOUT_MS, SESSION_MAX_DURATION_MS, TAB_STORAGE_KEY, VISIT_STORAGE_KEY } from './constants.ts';
import { uuidv7, type FillRandom } from './util/uuidv7.ts';

/**
 * What this session does, decided once per visit (sampling, buffer mode) and stored with it so
 * reloads and other tabs agree: 'full' uploads as it records, 'buffer' keeps the last minute in
 * memory until an error happens (then 'full'), 'off' records nothing.
 */
export type RecordingMode = 'full' | 'buffer' | 'off';

const MODES: ReadonlySet<unknown> = new Set<RecordingMode>(['full', 'buffer', 'off']);

/** The visit, shared by the origin's tabs. */
export interface Visit {
  /** Lowercase UUIDv7, see wire's isSessionId. */
  id: string;
  /** ms since epoch */
  startedAt: number;
  /** Last user activity in any tab (input, pointer, scroll, page load, tab shown), ms since epoch. */
  lastActivityAt: number;
  /** Absent until the sampling decision is made (it may wait for the remote config). */
  mode?: RecordingMode;
}

/** This tab's stream, kept in sessionStorage. */
export interface TabRecord {
  /** See wire's isTabId. */
  tab: string;
  /** The session `nextSeq` counts in: another session's numbering starts again at 0. */
  sessionId: string;
  nextSeq: number;
}

/** The session as one tab records it. */
export interface SessionState extends Visit {
  tab: string;
  /** seq the tab's next batch gets. Persisted when a batch is cut, before it is sent. */
  nextSeq: number;
}

/** The part of the Web Storage API the SDK uses. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** localStorage for the visit, sessionStorage for the tab; null where the page may not use one. */
export interface SessionStores {
  visit: StorageLike | null;
  tab: StorageLike | null;
}

const TAB_ID_LENGTH = 10;

/** A new random tab id: 10 characters of [0-9a-z]. */
export function newTabId(fillRandom: FillRandom): string {
  const bytes = new Uint8Array(TAB_ID_LENGTH);
  fillRandom(bytes);
  let out = '';
  for (const b of bytes) out += (b % 36).toString(36);
  return out;
}

export function createSession(now: number, fillRandom: FillRandom, tab = newTabId(fillRandom)): SessionState {
  return { id: uuidv7(now, fillRandom), startedAt: now, lastActivityAt: now, tab, nextSeq: 0 };
}

/** True when a session may no longer take events: idle too long, too old, or out of seq numbers. */
export function isSessionExpired(session: Visit & { nextSeq?: number }, now: number): boolean {
  return (
    now - session.lastActivityAt >= SESSION_IDLE_TIMEOUT_MS ||
    now - session.startedAt >= SESSION_MAX_DURATION_MS ||
    (session.nextSeq ?? 0) > MAX_SEQ
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
 * The session to record at page start: the stored visit if still live (touched, since a page load
 * is user activity), else a new one; the tab id from sessionStorage, else a new one.
 * `resumedTab`: the tab id came from storage, so this page may be a copy of a live tab
 * ("Duplicate tab" copies sessionStorage) and must check before uploading under it.
 */
export function resumeOrCreateSession(
  visit: Visit | null,
  tab: TabRecord | null,
  now: number,
  fillRandom: FillRandom,
): { session: SessionState; resumedTab: boolean } {
  const tabId = tab?.tab ?? newTabId(fillRandom);
  const nextSeq = (id: string) => (tab && tab.sessionId === id ? tab.nextSeq : 0);
  if (visit && !isSessionExpired({ ...visit, nextSeq: nextSeq(visit.id) }, now)) {
    const session = { ...visit, tab: tabId, nextSeq: nextSeq(visit.id) };
    return { session: touchSession(session, now), resumedTab: tab !== null };
  }
  return { session: createSession(now, fillRandom, tabId), resumedTab: tab !== null };
}

/**
 * The session this tab should record now, given what it holds and the visit other tabs stored:
 * its own while live (kept alive by other tabs' activity too), else one another tab started
 * meanwhile, else a new one. `isNew`: a different session than `local` (a fresh recording).
 */
export function currentSession(
  local: SessionState,
  shared: Visit | null,
  now: number,
  fillRandom: FillRandom,
): { session: SessionState; isNew: boolean } {
  const mine = withSharedVisit(local, shared);
  if (!isSessionExpired(mine, now)) return { session: mine, isNew: false };
  if (shared && shared.id !== local.id && !isSessionExpired(shared, now)) {
    return { session: { ...shared, tab: local.tab, nextSeq: 0 }, isNew: true };
  }
  return { session: createSession(now, fillRandom, local.tab), isNew: true };
}

/** `local` with what other tabs stored for the same visit; unchanged when the visit is another. */
export function withSharedVisit(local: SessionState, shared: Visit | null): SessionState {
  return shared?.id === local.id ? mergeVisit(local, shared) : local;
}

/** `local` with what another tab stored for the same visit: the latest activity, a decided mode. */
function mergeVisit(local: SessionState, shared: Visit): SessionState {
  const lastActivityAt = Math.max(local.lastActivityAt, shared.lastActivityAt);
  const mode = mergeMode(local.mode, shared.mode);
  if (lastActivityAt === local.lastActivityAt && mode === local.mode) return local;
  return { ...local, lastActivityAt, mode };
}

/** A tab still deciding takes the stored decision; buffer mode switched to full by an error stays full. */
function mergeMode(mine: RecordingMode | undefined, stored: RecordingMode | undefined): RecordingMode | undefined {
  if (!mine || (mine === 'buffer' && stored === 'full')) return stored;
  return mine;
}

/** The session with its recording mode decided. */
export function withMode(session: SessionState, mode: RecordingMode): SessionState {
  return session.mode === mode ? session : { ...session, mode };
}

export function serializeVisit(visit: Visit): string {
  return JSON.stringify({ id: visit.id, startedAt: visit.startedAt, lastActivityAt: visit.lastActivityAt, mode: visit.mode });
}

function serializeTab(session: SessionState): string {
  return JSON.stringify({ tab: session.tab, sessionId: session.id, nextSeq: session.nextSeq } satisfies TabRecord);
}

/** Parses a stored visit; anything malformed (tampered, older format) gives null. */
export function parseVisit(raw: string | null): Visit | null {
  const v = parseObject(raw);
  if (!v || !isSessionId(v.id) || !isTime(v.startedAt) || !isTime(v.lastActivityAt)) return null;
  const visit: Visit = { id: v.id, startedAt: v.startedAt, lastActivityAt: v.lastActivityAt };
  // An unknown mode (older SDK, tampering) only means the decision is made again.
  if (MODES.has(v.mode)) visit.mode = v.mode as RecordingMode;
  return visit;
}

/** Parses a stored tab record; anything malformed gives null. */
export function parseTab(raw: string | null): TabRecord | null {
  const v = parseObject(raw);
  if (!v || !isTabId(v.tab) || !isSessionId(v.sessionId)) return null;
  if (!Number.isInteger(v.nextSeq) || (v.nextSeq as number) < 0) return null;
  return { tab: v.tab, sessionId: v.sessionId, nextSeq: v.nextSeq as number };
}

function parseObject(raw: string | null): Record<string, unknown> | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/** Storage that throws (privacy modes, sandboxed frames) reads as empty. */
function read(storage: StorageLike | null, key: string): string | null {
  try {
    return storage ? storage.getItem(key) : null;
  } catch {
    return null;
  }
}

export function loadVisit(stores: SessionStores): Visit | null {
  return parseVisit(read(stores.visit, VISIT_STORAGE_KEY));
}

export function loadTab(stores: SessionStores): TabRecord | null {
  return parseTab(read(stores.tab, TAB_STORAGE_KEY));
}

/**
 * Stores the visit (merged with what another tab stored for it meanwhile, so a stale tab never
 * moves activity back or forgets a decision) and the tab record. Returns the merged session;
 * storage that is missing or refuses (quota, security errors) is skipped.
 */
export function saveSession(stores: SessionStores, session: SessionState): SessionState {
  const raw = read(stores.visit, VISIT_STORAGE_KEY);
  const stored = parseVisit(raw);
  const merged = withSharedVisit(session, stored);
  // Two tabs that started a visit at the same moment: the first stored keeps it for later pages.
  const othersLive = stored && stored.id !== session.id && !isSessionExpired(stored, session.lastActivityAt);
  const visit = serializeVisit(merged);
  // Most saves only move this tab's seq: a localStorage write is page work and a storage event in every other tab.
  if (!othersLive && visit !== raw) write(stores.visit, VISIT_STORAGE_KEY, visit);
  write(stores.tab, TAB_STORAGE_KEY, serializeTab(merged));
  return merged;
}

function write(storage: StorageLike | null, key: string, value: string): void {
  try {
    storage?.setItem(key, value);
  } catch {
    // not persisted: this page still records
  }
}
