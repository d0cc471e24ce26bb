import { ApiError } from '../errors.ts';

/**
 * INGEST_RATE_LIMITER's limit in wrangler.toml: batches per project, location and window.
 * tests/workers/rate-limit.test.ts checks both numbers against the binding's behaviour.
 */
export const RATE_LIMIT_PER_PERIOD = 1000;
/**
 * INGEST_RATE_LIMITER's window in wrangler.toml, s. The binding does not say when a window
 * ends, so a refused client is told to wait one whole window: by then its count has moved on.
 */
export const RATE_LIMIT_PERIOD_S = 10;

/**
 * Counts a request against its project's batches per window and refuses it with a 429 once over.
 * Runs before the body is read, so a flood costs neither gunzip nor a Durable Object request.
 * The binding counts per Cloudflare location, not globally: a project whose visitors reach N
 * locations may send up to N times the limit. The global bound is the daily session quota.
 */
export async function enforceRateLimit(limiter: RateLimit, projectId: string): Promise<void> {
  const { success } = await limiter.limit({ key: projectId });
  if (!success) {
    throw new ApiError(429, 'rate_limited', 'this project sends more batches than its rate limit allows', RATE_LIMIT_PERIOD_S);
  }
}
