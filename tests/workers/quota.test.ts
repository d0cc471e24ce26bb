import { listDurableObjectIds, runDurableObjectAlarm } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextUtcMidnight, secondsUntilNextUtcDay, utcDay } from '../../workers/ingest/utc-day.ts';
import { batch, createProject, isStored, fullSnapshot, meta, send, sessionId } from './helpers.ts';

const HOUR = 3_600_000;

const tabBatch = (session: string, tab: string, seq: number) => ({
  ...batch(session, seq, seq === 0 ? [meta(Date.now(), 'https://a.test/'), fullSnapshot(Date.now())] : [meta(Date.now(), 'https://a.test/next')]),
  tab,
});

async function setQuota(projectId: string, quota: number | null) {
  await env.DB.prepare('UPDATE projects SET session_quota_per_day = ? WHERE id = ?').bind(quota, projectId).run();
}

async function expectAccepted(res: Response) {
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ ok: true });
}

async function expectQuotaExceeded(res: Response, now: number) {
  expect(res.status).toBe(429);
  expect(res.headers.get('content-type')).toContain('application/json');
  expect(await res.json()).toMatchObject({ error: { code: 'quota_exceeded' } });
  // Retry-After points at the next UTC day (give or take the second the request took).
  expect(Math.abs(Number(res.headers.get('retry-after')) - secondsUntilNextUtcDay(now))).toBeLessThanOrEqual(1);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('daily session quota', () => {
  it('refuses new sessions beyond the quota, keeps admitted ones recording, and admits again the next UTC day', async () => {
    const project = await createProject();
    await setQuota(project.id, 2);
    const [first, second, third] = [sessionId(), sessionId(), sessionId()];

    await expectAccepted(await send(project.key, tabBatch(first, 'a', 0)));
    await expectAccepted(await send(project.key, tabBatch(second, 'a', 0)));
    await expectQuotaExceeded(await send(project.key, tabBatch(third, 'a', 0)), Date.now());
    // Skipping its refused first batch does not get the third session in either.
    await expectQuotaExceeded(await send(project.key, tabBatch(third, 'a', 1)), Date.now());
    expect(await isStored(project.id, third)).toBe(false);

    // Admitted sessions keep recording, including in a tab opened after the quota ran out.
    await expectAccepted(await send(project.key, tabBatch(first, 'a', 1)));
    await expectAccepted(await send(project.key, tabBatch(first, 'b', 0)));
    await expectAccepted(await send(project.key, tabBatch(second, 'a', 1)));

    // The next UTC day has a fresh quota; sessions from yesterday still continue.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(nextUtcMidnight(Date.now()) + HOUR);
    await expectAccepted(await send(project.key, tabBatch(third, 'a', 0)));
    await expectAccepted(await send(project.key, tabBatch(first, 'a', 2)));
    await expectAccepted(await send(project.key, tabBatch(sessionId(), 'a', 0)));
    await expectQuotaExceeded(await send(project.key, tabBatch(sessionId(), 'a', 0)), Date.now());
  });

  it('lets a session admitted yesterday by another isolate continue after midnight without using today\'s quota', async () => {
    const project = await createProject();
    await setQuota(project.id, 1);
    const afterMidnight = nextUtcMidnight(Date.now()) + HOUR;
    const yesterday = afterMidnight - 2 * HOUR;
    const carriedOver = sessionId(yesterday);
    // As another isolate would have: admitted in yesterday's counter, unknown to this isolate's cache.
    const counter = env.SESSION_QUOTA.getByName(`${project.id}:${utcDay(yesterday)}`);
    expect(await counter.admit(carriedOver, 1, yesterday, nextUtcMidnight(yesterday))).toBe(true);

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(afterMidnight);
    // A tab opened after midnight starts at seq 0 and still belongs to yesterday's session.
    await expectAccepted(await send(project.key, tabBatch(carriedOver, 'b', 0)));
    await expectAccepted(await send(project.key, tabBatch(carriedOver, 'a', 5)));
    await expectAccepted(await send(project.key, tabBatch(sessionId(), 'a', 0)));
    await expectQuotaExceeded(await send(project.key, tabBatch(sessionId(), 'a', 0)), afterMidnight);
  });

  it('costs nothing for projects without a quota', async () => {
    const project = await createProject();
    const before = (await listDurableObjectIds(env.SESSION_QUOTA)).length;
    for (let i = 0; i < 3; i++) await expectAccepted(await send(project.key, tabBatch(sessionId(), 'a', 0)));
    expect((await listDurableObjectIds(env.SESSION_QUOTA)).length).toBe(before);
  });
});

describe('SessionQuota object', () => {
  it('admits exactly the quota when many first batches race, and remembers who got in', async () => {
    const now = Date.now();
    const counter = env.SESSION_QUOTA.getByName(`race:${utcDay(now)}`);
    const sessions = Array.from({ length: 20 }, () => sessionId());
    const answers = await Promise.all(sessions.map((s) => counter.admit(s, 5, now, nextUtcMidnight(now))));
    expect(answers.filter(Boolean)).toHaveLength(5);
    const admitted = sessions.filter((_, i) => answers[i]);
    for (const s of admitted) {
      expect(await counter.isAdmitted(s)).toBe(true);
      expect(await counter.admit(s, 5, now, nextUtcMidnight(now))).toBe(true);
    }
    expect(await counter.isAdmitted(sessions.find((_, i) => !answers[i])!)).toBe(false);
  });

  it('forgets its day once the cleanup alarm has run', async () => {
    const now = Date.now();
    const counter = env.SESSION_QUOTA.getByName(`cleanup:${utcDay(now)}`);
    const s = sessionId();
    expect(await counter.admit(s, 1, now, nextUtcMidnight(now))).toBe(true);
    expect(await counter.admit(sessionId(), 1, now, nextUtcMidnight(now))).toBe(false);
    expect(await runDurableObjectAlarm(counter)).toBe(true);
    expect(await counter.isAdmitted(s)).toBe(false);
    expect(await counter.admit(sessionId(), 1, now, nextUtcMidnight(now))).toBe(true);
  });
});
