/**
 * Structured logs: one JSON object per line on stdout, which `wrangler tail`, Logpush and
 * `wrangler dev` all pass through unchanged. bench/cost.ts meters a run by reading these lines,
 * so the fields that count billable work keep these names:
 *
 *   do.batch           { doRowsWritten }                        a batch stored by a session DO
 *   do.alarm           { doRowsWritten }                        a session DO's alarm ran (a billed request)
 *   do.manifest-read   { d1RowsRead }                           an empty DO looked for a finished session's manifest (D1 row)
 *   session.started    { d1RowsWritten }                        a session's live row written
 *   session.finalized  { doRowsWritten, d1RowsWritten, r2Puts,  a session (or a reopened tail of it)
 *                        r2Bytes, segments, manifestBytes,      written out to R2 and D1 (manifestBytes:
 *                        storageCleared }                       its gzip manifest on the D1 row)
 *   asset.stored       { r2Puts, r2Heads, bytes, d1RowsWritten } assets split out of a batch (d1: last-seen marks)
 *   retention.run      { sessionsDeleted, assetsDeleted,        one run of the retention job
 *                        r2KeysDeleted, d1RowsWritten }
 *   queue.counted      { d1RowsWritten, points }                queue messages deduped, data points written
 *
 * Other events may add fields freely; a metric name once used keeps its meaning.
 */
export type LogFields = Record<string, string | number | boolean | null>;

export function logEvent(event: string, fields: LogFields = {}): void {
  console.log(JSON.stringify({ event, ...fields }));
}
