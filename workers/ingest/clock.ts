import type { IngestBatch } from '../../wire/index.ts';

/** Client clocks closer than this to ours are trusted as they are, ms. */
export const MAX_TRUSTED_SKEW_MS = 60_000;
/** No event may claim to be later than the batch's arrival plus this, ms. */
export const MAX_FUTURE_MS = 5_000;

/**
 * Anchors a batch's event times to the server's clock. A client clock that is off by more than
 * a minute (a laptop set to the wrong day) has all its events shifted by the measured offset,
 * which keeps their spacing, so the replay still plays at the right pace; then anything still
 * in the future is clamped to the arrival time, so a session can never end in the future.
 */
export function anchorTimestamps(batch: IngestBatch, receivedAt: number): IngestBatch {
  const skew = receivedAt - batch.sentAt;
  const shift = Math.abs(skew) > MAX_TRUSTED_SKEW_MS ? skew : 0;
  const latest = receivedAt + MAX_FUTURE_MS;
  let changed = shift !== 0;
  const events = batch.events.map((event) => {
    const timestamp = Math.min(event.timestamp + shift, latest);
    if (timestamp === event.timestamp) return event;
    changed = true;
    return { ...event, timestamp };
  });
  return changed ? { ...batch, sentAt: batch.sentAt + shift, events } : batch;
}
