import { describe, expect, it } from 'vitest';
import { MAX_SEQ, isSessionId, isTabId } from '../wire/index.ts';
import { SESSION_IDLE_TIMEOUT_MS, SESSION_MAX_DURATION_MS, TAB_STORAGE_KEY, VISIT_STORAGE_KEY } from './constants.ts';
import {
  claimSeq,
  createSession,
  currentSession,
  isSessionExpired,
  loadTab,
  loadVisit,
  newTabId,
  parseTab,
  parseVisit,
  resumeOrCreateSession,
  saveSession,
  serializeVisit,
  touchSession,
  withMode,
  withSharedVisit,
  type SessionState,
  type TabRecord,
} from './session.ts';
import { MemoryStorage, counterRandom } from './testing/fakes.ts';

const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);
const MIN = 60_000;
const OTHER = '0196abcd-ef01-7a00-8b00-0000000000aa';

describe('session lifetime', () => {
  it('uses the documented limits', () => {
    expect(SESSION_IDLE_TIMEOUT_MS).toBe(30 * MIN);
    expect(SESSION_MAX_DURATION_MS).toBe(240 * MIN);
  });

  it('creates a session with a valid id, seq 0 and times at now', () => {
    const s = createSession(T0, counterRandom());
    expect(isSessionId(s.id)).toBe(true);
    expect(s).toMatchObject({ startedAt: T0, lastActivityAt: T0, nextSeq: 0 });
  });

  it('expires after 30 min without activity, not before', () => {
    const s = createSession(T0, counterRandom());
    expect(isSessionExpired(s, T0 + 30 * MIN - 1)).toBe(false);
    expect(isSessionExpired(s, T0 + 30 * MIN)).toBe(true);
    const touched = touchSession(s, T0 + 20 * MIN);
    expect(isSessionExpired(touched, T0 + 49 * MIN)).toBe(false);
    expect(isSessionExpired(touched, T0 + 50 * MIN)).toBe(true);
  });

  it('expires after 4 h in total even while active', () => {
    let s = createSession(T0, counterRandom());
    for (let t = T0; t < T0 + 240 * MIN; t += 10 * MIN) {
      expect(isSessionExpired(s, t)).toBe(false);
      s = touchSession(s, t);
    }
    expect(isSessionExpired(s, T0 + 240 * MIN - 1)).toBe(false);
    expect(isSessionExpired(s, T0 + 240 * MIN)).toBe(true);
  });

  it('expires when seq numbers run out', () => {
    const s = createSession(T0, counterRandom());
    expect(isSessionExpired({ ...s, nextSeq: MAX_SEQ }, T0)).toBe(false);
    expect(isSessionExpired({ ...s, nextSeq: MAX_SEQ + 1 }, T0)).toBe(true);
  });

  it('never moves activity backwards', () => {
    const s = touchSession(createSession(T0, counterRandom()), T0 + 5 * MIN);
    expect(touchSession(s, T0 + MIN).lastActivityAt).toBe(T0 + 5 * MIN);
  });

  it('resumes a live stored visit (touched) and replaces an expired one; keeps the tab id', () => {
    const rnd = counterRandom();
    const { tab: _t, nextSeq: _n, ...visit } = createSession(T0, rnd);
    const tab: TabRecord = { tab: 'abc123', sessionId: visit.id, nextSeq: 7 };
    const live = resumeOrCreateSession(visit, tab, T0 + 10 * MIN, rnd);
    expect(live).toEqual({ session: { ...visit, lastActivityAt: T0 + 10 * MIN, tab: 'abc123', nextSeq: 7 }, resumedTab: true });

    const idle = resumeOrCreateSession(visit, tab, T0 + 31 * MIN, rnd);
    expect(idle.resumedTab).toBe(true);
    expect(idle.session.id).not.toBe(visit.id);
    expect(idle.session).toMatchObject({ startedAt: T0 + 31 * MIN, tab: 'abc123', nextSeq: 0 });
    expect(idle.session.id > visit.id).toBe(true);

    // A tab new to this visit (opened now, or its stream was of an older session) counts from 0.
    const joined = resumeOrCreateSession(visit, null, T0 + MIN, rnd);
    expect(joined.resumedTab).toBe(false);
    expect(joined.session).toMatchObject({ id: visit.id, nextSeq: 0 });
    expect(isTabId(joined.session.tab)).toBe(true);
    expect(resumeOrCreateSession(visit, { ...tab, sessionId: OTHER }, T0 + MIN, rnd).session).toMatchObject({ id: visit.id, tab: 'abc123', nextSeq: 0 });

    expect(resumeOrCreateSession(null, null, T0, rnd).resumedTab).toBe(false);
  });

  it('makes tab ids the wire accepts, different each time', () => {
    const rnd = counterRandom();
    const ids = Array.from({ length: 50 }, () => newTabId(rnd));
    expect(ids.every(isTabId)).toBe(true);
    expect(new Set(ids).size).toBe(50);
  });
});

describe('tabs of one visit', () => {
  const rnd = counterRandom();
  const mine = { ...createSession(T0, rnd), tab: 'tab1' };

  it("keeps a session alive with another tab's activity, and takes its decision", () => {
    const shared = { id: mine.id, startedAt: T0, lastActivityAt: T0 + 25 * MIN, mode: 'buffer' as const };
    expect(isSessionExpired(mine, T0 + 40 * MIN)).toBe(true);
    const current = currentSession(mine, shared, T0 + 40 * MIN, rnd);
    expect(current).toEqual({ session: { ...mine, lastActivityAt: T0 + 25 * MIN, mode: 'buffer' }, isNew: false });
    expect(withSharedVisit(withMode(mine, 'full'), shared).mode).toBe('full');
    expect(withSharedVisit(withMode(mine, 'buffer'), { ...shared, mode: 'full' }).mode).toBe('full');
    expect(withSharedVisit(mine, { ...shared, id: OTHER })).toBe(mine);
  });

  it('joins a live session another tab started, else starts one, keeping the tab id', () => {
    const later = T0 + 45 * MIN;
    const other = { id: OTHER, startedAt: T0 + 44 * MIN, lastActivityAt: T0 + 44 * MIN };
    expect(currentSession({ ...mine, nextSeq: 9 }, other, later, rnd)).toEqual({ session: { ...other, tab: 'tab1', nextSeq: 0 }, isNew: true });
    const fresh = currentSession(mine, { ...other, lastActivityAt: T0 + MIN, startedAt: T0 + MIN }, later, rnd);
    expect(fresh.isNew).toBe(true);
    expect(fresh.session).toMatchObject({ startedAt: later, tab: 'tab1', nextSeq: 0 });
    expect([mine.id, OTHER]).not.toContain(fresh.session.id);
  });
});

describe('seq', () => {
  it('claims consecutive numbers from 0', () => {
    let s = createSession(T0, counterRandom());
    const seqs: number[] = [];
    for (let i = 0; i < 4; i++) {
      const c = claimSeq(s);
      seqs.push(c.seq);
      s = c.session;
    }
    expect(seqs).toEqual([0, 1, 2, 3]);
    expect(s.nextSeq).toBe(4);
  });

  it('continues across a simulated reload through storage', () => {
    const stores = { visit: new MemoryStorage(), tab: new MemoryStorage() };
    const rnd = counterRandom();
    // Page 1: start, cut three batches (persisting each claim before "sending").
    let page1 = saveSession(stores, resumeOrCreateSession(loadVisit(stores), loadTab(stores), T0, rnd).session);
    const sent: number[] = [];
    for (let i = 0; i < 3; i++) {
      const c = claimSeq(page1);
      page1 = saveSession(stores, c.session);
      sent.push(c.seq);
    }
    // Page 2 after reload, 2 min later: same id and tab, numbering continues.
    const page2 = resumeOrCreateSession(loadVisit(stores), loadTab(stores), T0 + 2 * MIN, rnd);
    expect(page2.resumedTab).toBe(true);
    expect([page2.session.id, page2.session.tab]).toEqual([page1.id, page1.tab]);
    expect(claimSeq(page2.session).seq).toBe(3);
    expect(sent).toEqual([0, 1, 2]);
  });
});

describe('storage', () => {
  const valid: SessionState = {
    id: '0196abcd-ef01-7a00-8b00-00000000000f',
    startedAt: T0,
    lastActivityAt: T0 + 1,
    tab: 'q1w2e3r4t5',
    nextSeq: 3,
  };
  const stores = () => ({ visit: new MemoryStorage(), tab: new MemoryStorage() });

  it('round-trips: the visit in localStorage, the tab in sessionStorage', () => {
    const s = stores();
    expect(saveSession(s, valid)).toEqual(valid);
    expect(JSON.parse(s.visit.items.get(VISIT_STORAGE_KEY)!)).toEqual({ id: valid.id, startedAt: T0, lastActivityAt: T0 + 1 });
    expect(JSON.parse(s.tab.items.get(TAB_STORAGE_KEY)!)).toEqual({ tab: valid.tab, sessionId: valid.id, nextSeq: 3 });
    expect(loadVisit(s)).toEqual({ id: valid.id, startedAt: T0, lastActivityAt: T0 + 1 });
    expect(loadTab(s)).toEqual({ tab: valid.tab, sessionId: valid.id, nextSeq: 3 });
  });

  it('merges with what another tab stored for the visit, and leaves another live visit alone', () => {
    const s = stores();
    saveSession(s, { ...valid, lastActivityAt: T0 + 5 * MIN, mode: 'full' });
    expect(saveSession(s, valid)).toEqual({ ...valid, lastActivityAt: T0 + 5 * MIN, mode: 'full' });
    const other = { ...valid, id: OTHER, startedAt: T0 + 2, lastActivityAt: T0 + 2 };
    saveSession(s, other);
    expect(loadVisit(s)!.id).toBe(valid.id);
    expect(loadTab(s)!.sessionId).toBe(OTHER);
    // Once the stored visit has expired, a new one replaces it.
    saveSession(s, { ...other, startedAt: T0 + 40 * MIN, lastActivityAt: T0 + 40 * MIN });
    expect(loadVisit(s)!.id).toBe(OTHER);
  });

  it('rewrites the shared visit only when it changed, the tab record every time', () => {
    const s = stores();
    saveSession(s, valid);
    saveSession(s, claimSeq(valid).session);
    expect(s.visit.writes.get(VISIT_STORAGE_KEY)).toBe(1);
    expect(s.tab.writes.get(TAB_STORAGE_KEY)).toBe(2);
    expect(loadTab(s)!.nextSeq).toBe(valid.nextSeq + 1);
    saveSession(s, touchSession(valid, T0 + 2));
    expect(s.visit.writes.get(VISIT_STORAGE_KEY)).toBe(2);
    expect(loadVisit(s)!.lastActivityAt).toBe(T0 + 2);
  });

  it('keeps the recording mode, and reads an unknown one as undecided', () => {
    for (const mode of ['full', 'buffer', 'off'] as const) {
      expect(parseVisit(serializeVisit(withMode(valid, mode)))).toMatchObject({ mode });
    }
    const { tab: _t, nextSeq: _n, ...visit } = valid;
    expect(parseVisit(JSON.stringify({ ...visit, mode: 'sometimes' }))).toEqual(visit);
    expect(parseVisit(JSON.stringify({ ...visit, mode: null }))).toEqual(visit);
    const decided = withMode(valid, 'buffer');
    expect(withMode(decided, 'buffer')).toBe(decided);
    // A decided visit keeps its mode through reloads.
    const s = stores();
    saveSession(s, decided);
    expect(resumeOrCreateSession(loadVisit(s), loadTab(s), T0 + 2, () => {}).session.mode).toBe('buffer');
  });

  it('rejects malformed or tampered values', () => {
    const { tab: _t, nextSeq: _n, ...visit } = valid;
    for (const raw of [
      null,
      '',
      'not json',
      'null',
      '[]',
      JSON.stringify({ ...visit, id: valid.id.toUpperCase() }),
      JSON.stringify({ ...visit, id: 'a-b-c' }),
      JSON.stringify({ ...visit, startedAt: 'yesterday' }),
      JSON.stringify({ ...visit, lastActivityAt: 0 }),
    ]) {
      expect(parseVisit(raw)).toBeNull();
    }
    const tab = { tab: valid.tab, sessionId: valid.id, nextSeq: 3 };
    for (const raw of [
      'not json',
      JSON.stringify({ ...tab, tab: 'UPPER' }),
      JSON.stringify({ ...tab, tab: 'x'.repeat(17) }),
      JSON.stringify({ ...tab, sessionId: 'a-b-c' }),
      JSON.stringify({ ...tab, nextSeq: -1 }),
      JSON.stringify({ ...tab, nextSeq: 1.5 }),
      JSON.stringify({ ...tab, nextSeq: '3' }),
    ]) {
      expect(parseTab(raw)).toBeNull();
    }
  });

  it('treats storage that throws as absent', () => {
    const throwing = {
      getItem: (): string | null => {
        throw new Error('SecurityError');
      },
      setItem: (): void => {
        throw new Error('QuotaExceededError');
      },
    };
    const s = { visit: throwing, tab: throwing };
    expect(loadVisit(s)).toBeNull();
    expect(loadTab(s)).toBeNull();
    expect(saveSession(s, valid)).toEqual(valid);
    expect(loadVisit({ visit: null, tab: null })).toBeNull();
    expect(saveSession({ visit: null, tab: null }, valid)).toEqual(valid);
  });
});
