import type { IngestBatch } from '../../wire/index.ts';
import type { DecodedBatch } from './decode.ts';

/**
 * The JSON text the session DO stores for `batch`: the text it was parsed from, with only the
 * events at `changed` (and those clock anchoring replaced) written anew. Serialising a whole batch
 * again costs about as much as parsing it, and nearly every batch changes an event or two (an
 * image moved to R2). Without the events' places in the text, or when the batch's own fields
 * changed, the whole batch is serialised.
 */
export function storedBatchJson(decoded: DecodedBatch, batch: IngestBatch, changed: Iterable<number>): string {
  const rewrite = new Set(changed);
  if (batch.sentAt !== decoded.batch.sentAt) return JSON.stringify(batch);
  for (let i = 0; i < batch.events.length; i++) if (batch.events[i] !== decoded.batch.events[i]) rewrite.add(i);
  if (rewrite.size === 0) return decoded.json;
  if (!decoded.spans) return JSON.stringify(batch);
  const { starts, ends } = decoded.spans;
  let json = '';
  let from = 0;
  for (const i of [...rewrite].sort((a, b) => a - b)) {
    json += decoded.json.slice(from, starts[i]) + JSON.stringify(batch.events[i]);
    from = ends[i]!;
  }
  return json + decoded.json.slice(from);
}
