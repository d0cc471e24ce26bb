/**
 * Structured logs: one JSON object per line on stdout, which `wrangler tail`, Logpush and
 * `wrangler dev` all pass through unchanged. bench/cost.ts meters a run by reading these lines,
 * so the fields that count billable work keep these names:
 *
 *   do.batch           { doRowsWritten }                        a batch stored by a session DO
 *   do.alarm           { doRowsWritten }                        a session DO's alarm ran (a billed request)
 *   do.manifest-read   { r2Reads }                              an empty DO looked for a finished session's manifest
 *   session.started    { d1RowsWritten }                        a session's live row written
 *   session.finalized  { doRowsWritten, d1RowsWritten, r2Puts,  a session (or a reopened tail of it)
 *                        r2Bytes, segments, storageCleared }    written out to R2 and D1
 *   asset.stored       { r2Puts, r2Heads, bytes }               assets split out of a batch
 *   queue.counted      { d1RowsWritten, points }                queue messages deduped, data points written
 *
 * Other events may add fields freely; a metric name once used keeps its meaning.
 */
export type LogFields = Record<string, string | number | boolean | null>;

export function logEvent(event: string, fields: LogFields = {}): void {
  console.log(JSON.stringify({ event, ...fields }));
}
