import type { IngestBatch } from '../../wire/index.ts';
import { ApiError } from '../errors.ts';

/** Client clocks closer than this to ours are trusted as they are, ms. */
export const MAX_TRUSTED_SKEW_MS = 60_000;
/** No event may claim to be later than the batch's arrival plus this, ms. */
export const MAX_FUTURE_MS = 5_000;
/**
 * A client clock further off than this is no clock at all but a made-up number, ms. Real clocks
 * reset to 1970 or set decades ahead still pass and are anchored like any other.
 */
export const MAX_CLOCK_SKEW_MS = 100 * 365 * 86_400_000;
/**
 * How long before its batch was sent an event may have been recorded, ms: the SDK holds events
 * in memory only (a page left offline for days), so older ones are corrupt or made up.
 */
export const MAX_EVENT_AGE_MS = 30 * 86_400_000;

/**
 * Anchors a batch's event times to the server's clock. A client clock that is off by more than
 * a minute (a laptop set to the wrong day) has all its events shifted by the measured offset,
 * which keeps their spacing, so the replay still plays at the right pace; then anything still
 * in the future is clamped to the arrival time, so a session can never end in the future.
 * Times no client clock can produce (sentAt beyond MAX_CLOCK_SKEW_MS, events older than
 * MAX_EVENT_AGE_MS before sentAt) refuse the batch with 400 invalid_batch.
 */
export function anchorTimestamps(batch: IngestBatch, receivedAt: number): IngestBatch {
  const skew = receivedAt - batch.sentAt;
  if (Math.abs(skew) > MAX_CLOCK_SKEW_MS) throw new ApiError(400, 'invalid_batch', 'sentAt is no plausible time');
  const shift = Math.abs(skew) > MAX_TRUSTED_SKEW_MS ? skew : 0;
  const earliest = batch.sentAt - MAX_EVENT_AGE_MS;
  const latest = receivedAt + MAX_FUTURE_MS;
  let changed = shift !== 0;
  const events = batch.events.map((event, i) => {
    if (event.timestamp < earliest) throw new ApiError(400, 'invalid_batch', `events[${i}].timestamp is long before the batch was sent`);
    const timestamp = Math.min(event.timestamp + shift, latest);
    if (timestamp === event.timestamp) return event;
    changed = true;
    return { ...event, timestamp };
  });
  return changed ? { ...batch, sentAt: batch.sentAt + shift, events } : batch;
}
