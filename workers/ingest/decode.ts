import { MAX_BATCH_BYTES, validateBatch, type IngestBatch } from '../../wire/index.ts';
import { gunzipCapped } from '../compression.ts';
import { ApiError } from '../errors.ts';
import { jsonShapeProblem } from './json-shape.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export interface DecodedBatch {
  batch: IngestBatch;
  /** The decompressed JSON text the batch was parsed from, to store without serialising again. */
  json: string;
}

/** Wire bytes → a validated batch and its JSON text, or an ApiError saying which step failed. */
export async function decodeBatch(body: ArrayBuffer): Promise<DecodedBatch> {
  const bytes = await gunzipCapped(body, MAX_BATCH_BYTES);
  const shapeProblem = jsonShapeProblem(bytes);
  if (shapeProblem) throw new ApiError(400, 'invalid_json', shapeProblem);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new ApiError(400, 'invalid_json', 'body is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'body is not valid JSON');
  }
  const result = validateBatch(json);
  if (!result.ok) throw new ApiError(400, 'invalid_batch', result.message);
  return { batch: result.value, json: text };
}
