import { describe, expect, it } from 'vitest';
import { MAX_SEQ, isSessionId } from '../wire/index.ts';
import { SESSION_IDLE_TIMEOUT_MS, SESSION_MAX_DURATION_MS, SESSION_STORAGE_KEY } from './constants.ts';
import {
  claimSeq,
  createSession,
  isSessionExpired,
  loadSession,
  parseSession,
  resumeOrCreateSession,
  saveSession,
  serializeSession,
  withMode,
  touchSession,
  type SessionState,
} from './session.ts';
import { MemoryStorage, counterRandom } from './testing/fakes.ts';

const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);
const MIN = 60_000;

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

  it('resumes a live stored session (touched) and replaces an expired one', () => {
    const rnd = counterRandom();
    const stored = { ...createSession(T0, rnd), nextSeq: 7 };
    const live = resumeOrCreateSession(stored, T0 + 10 * MIN, rnd);
    expect(live.resumed).toBe(true);
    expect(live.session).toEqual({ ...stored, lastActivityAt: T0 + 10 * MIN });

    const idle = resumeOrCreateSession(stored, T0 + 31 * MIN, rnd);
    expect(idle.resumed).toBe(false);
    expect(idle.session.id).not.toBe(stored.id);
    expect(idle.session).toMatchObject({ startedAt: T0 + 31 * MIN, nextSeq: 0 });
    expect(idle.session.id > stored.id).toBe(true);

    expect(resumeOrCreateSession(null, T0, rnd).resumed).toBe(false);
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
    const storage = new MemoryStorage();
    const rnd = counterRandom();
    // Page 1: start, cut three batches (persisting each claim before "sending").
    let page1 = resumeOrCreateSession(loadSession(storage), T0, rnd).session;
    saveSession(storage, page1);
    const sent: number[] = [];
    for (let i = 0; i < 3; i++) {
      const c = claimSeq(page1);
      page1 = c.session;
      saveSession(storage, page1);
      sent.push(c.seq);
    }
    // Page 2 after reload, 2 min later: same id, numbering continues.
    const page2 = resumeOrCreateSession(loadSession(storage), T0 + 2 * MIN, rnd);
    expect(page2.resumed).toBe(true);
    expect(page2.session.id).toBe(page1.id);
    expect(claimSeq(page2.session).seq).toBe(3);
    expect(sent).toEqual([0, 1, 2]);
  });
});

describe('storage', () => {
  const valid: SessionState = {
    id: '0196abcd-ef01-7a00-8b00-00000000000f',
    startedAt: T0,
    lastActivityAt: T0 + 1,
    nextSeq: 3,
  };

  it('round-trips', () => {
    expect(parseSession(serializeSession(valid))).toEqual(valid);
    const storage = new MemoryStorage();
    expect(saveSession(storage, valid)).toBe(true);
    expect(storage.items.has(SESSION_STORAGE_KEY)).toBe(true);
    expect(loadSession(storage)).toEqual(valid);
  });

  it('keeps the recording mode, and reads an unknown one as undecided', () => {
    for (const mode of ['full', 'buffer', 'off'] as const) {
      expect(parseSession(serializeSession(withMode(valid, mode)))).toEqual({ ...valid, mode });
    }
    expect(parseSession(JSON.stringify({ ...valid, mode: 'sometimes' }))).toEqual(valid);
    expect(parseSession(JSON.stringify({ ...valid, mode: null }))).toEqual(valid);
    const decided = withMode(valid, 'buffer');
    expect(withMode(decided, 'buffer')).toBe(decided);
    // A decided session keeps its mode through reloads.
    const storage = new MemoryStorage();
    saveSession(storage, decided);
    expect(resumeOrCreateSession(loadSession(storage), T0 + 2, () => {}).session.mode).toBe('buffer');
  });

  it('rejects malformed or tampered values', () => {
    for (const raw of [
      null,
      '',
      'not json',
      'null',
      '[]',
      JSON.stringify({ ...valid, id: valid.id.toUpperCase() }),
      JSON.stringify({ ...valid, id: 'a-b-c' }),
      JSON.stringify({ ...valid, nextSeq: -1 }),
      JSON.stringify({ ...valid, nextSeq: 1.5 }),
      JSON.stringify({ ...valid, nextSeq: '3' }),
      JSON.stringify({ ...valid, startedAt: 'yesterday' }),
      JSON.stringify({ ...valid, lastActivityAt: 0 }),
    ]) {
      expect(parseSession(raw)).toBeNull();
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
    expect(loadSession(throwing)).toBeNull();
    expect(saveSession(throwing, valid)).toBe(false);
    expect(loadSession(null)).toBeNull();
    expect(saveSession(null, valid)).toBe(false);
  });
});
