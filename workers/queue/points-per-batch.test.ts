import { describe, expect, it } from 'vitest';
import wranglerToml from '../../wrangler.toml?raw';

// Analytics Engine drops data points beyond 25 per Worker invocation (its documented limit).
const AE_POINTS_PER_INVOCATION = 25;
// The consumer writes one session point per message and one health sample per batch.
const HEALTH_POINTS_PER_BATCH = 1;

describe('the queue consumer batch', () => {
  it('never makes the consumer write more data points than one invocation may', () => {
    const size = /\[\[queues\.consumers\]\][^[]*?max_batch_size\s*=\s*(\d+)/.exec(wranglerToml)?.[1];
    expect(size).toBeDefined();
    expect(Number(size) + HEALTH_POINTS_PER_BATCH).toBeLessThanOrEqual(AE_POINTS_PER_INVOCATION);
  });
});
