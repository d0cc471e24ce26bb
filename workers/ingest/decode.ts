import { MAX_BATCH_BYTES, validateBatch, type IngestBatch } from '../../wire/index.ts';
import { gunzipCapped } from '../compression.ts';
import { ApiError } from '../errors.ts';
import { scanBatchJson, type EventSpans } from './json-shape.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export interface DecodedBatch {
  batch: IngestBatch;
  /** The decompressed JSON text the batch was parsed from, to store without serialising again. */
  json: string;
  /** Where each event is in `json`; null when the scan could not tell (see scanBatchJson). */
  spans: EventSpans | null;
}

/** Wire bytes → a validated batch and its JSON text, or an ApiError saying which step failed. */
export async function decodeBatch(body: ArrayBuffer): Promise<DecodedBatch> {
  const bytes = await gunzipCapped(body, MAX_BATCH_BYTES);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new ApiError(400, 'invalid_json', 'body is not valid UTF-8');
  }
  const scan = scanBatchJson(text);
  if (scan.problem !== null) throw new ApiError(400, 'invalid_json', scan.problem);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'body is not valid JSON');
  }
  const result = validateBatch(json);
  if (!result.ok) throw new ApiError(400, 'invalid_batch', result.message);
  const spans = scan.events?.starts.length === result.value.events.length ? scan.events : null;
  return { batch: result.value, json: text, spans };
}
