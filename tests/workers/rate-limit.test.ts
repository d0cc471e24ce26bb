import { describe, expect, it } from 'vitest';
import { RATE_LIMIT_PERIOD_S, RATE_LIMIT_PER_PERIOD } from '../../workers/ingest/rate-limit.ts';
import { batch, createProject, isStored, fullSnapshot, meta, post, send, sessionId } from './helpers.ts';

const BURST_CHUNK = 50;
/** Far above INGEST_RATE_LIMITER's limit, even if the burst straddles two windows. */
const MAX_BURST = 5_000;

const firstBatch = (session: string) => ({ ...batch(session, 0, [meta(Date.now(), 'https://a.test/'), fullSnapshot(Date.now())]), tab: 'a' });

/** Sends bodies that fail validation until one is refused for the rate instead; returns how many got through. */
async function burstUntilRefused(key: string): Promise<{ accepted: number; refused: Response }> {
  let accepted = 0;
  while (accepted < MAX_BURST) {
    const answers = await Promise.all(Array.from({ length: BURST_CHUNK }, () => post(key, 'not gzip')));
    for (const res of answers) {
      if (res.status === 429) return { accepted, refused: res };
      expect(res.status).toBe(400);
      await res.body?.cancel();
      accepted++;
    }
  }
  throw new Error(`no 429 after ${MAX_BURST} requests`);
}

describe('per-project rate limit on POST /v1/ingest', () => {
  it('refuses a burst over the limit with 429 + Retry-After, spares other projects, and accepts again after the window', { timeout: 60_000 }, async () => {
    const noisy = await createProject();
    const quiet = await createProject();

    // Garbage counts too: the limit is checked before the body is read, so a flood stays cheap.
    const { accepted, refused } = await burstUntilRefused(noisy.key);
    // Windows are fixed in time, so a burst that straddles two gets up to twice the limit through.
    expect(accepted).toBeGreaterThanOrEqual(RATE_LIMIT_PER_PERIOD);
    expect(accepted).toBeLessThanOrEqual(2 * RATE_LIMIT_PER_PERIOD);
    expect(refused.headers.get('retry-after')).toBe(String(RATE_LIMIT_PERIOD_S));
    expect(refused.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('retry-after');
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });

    // A well-formed batch is refused as well, and never reaches storage: it was not acknowledged.
    const rejectedSession = sessionId();
    const again = await send(noisy.key, firstBatch(rejectedSession));
    expect(again.status).toBe(429);
    expect(await again.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(await isStored(noisy.id, rejectedSession)).toBe(false);

    const other = await send(quiet.key, firstBatch(sessionId()));
    expect(other.status).toBe(200);

    // The SDK waits Retry-After and sends the same batch again: now it is stored.
    await new Promise((resolve) => setTimeout(resolve, RATE_LIMIT_PERIOD_S * 1000 + 100));
    const retried = await send(noisy.key, firstBatch(rejectedSession));
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ ok: true, duplicate: false });
    expect(await isStored(noisy.id, rejectedSession)).toBe(true);
  });
});
