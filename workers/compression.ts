import { ApiError } from './errors.ts';

/** gzip's smallest member: a 10-byte header, an empty deflate block, the 8-byte CRC and size trailer. */
const MIN_GZIP_BYTES = 20;

/**
 * Gunzips a request body, refusing it once its output passes `maxBytes`: a gzip bomb costs us
 * at most that much memory, never what it would decompress to.
 *
 * A gzip body ends with the length of what it holds (mod 2^32). When that is within the cap, the
 * body is decompressed in native streams only, through workerd's FixedLengthStream: it errors the
 * moment more bytes pass than it was given, or at the end if fewer did, so a trailer that lies
 * stops the bomb at the length it claims. Reading chunk by chunk in JS cost twice the CPU
 * (bench/load.ts), so that is left to bodies that claim to be too large (bombs, truncated or
 * corrupt bodies), where it tells which of those a body is.
 */
export async function gunzipCapped(body: ArrayBuffer, maxBytes: number): Promise<Uint8Array> {
  const claimed = body.byteLength >= 4 ? new DataView(body).getUint32(body.byteLength - 4, true) : Infinity;
  if (claimed > maxBytes) return gunzipChunked(body, maxBytes);
  const stream = new Response(body).body!.pipeThrough(new DecompressionStream('gzip')).pipeThrough(new FixedLengthStream(claimed));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    throw new ApiError(400, 'invalid_gzip', 'body is not valid gzip');
  }
}

async function gunzipChunked(body: ArrayBuffer, maxBytes: number): Promise<Uint8Array> {
  const reader = new Response(body).body!.pipeThrough(new DecompressionStream('gzip')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new ApiError(413, 'payload_too_large', `batch is larger than ${maxBytes} bytes once decompressed`);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(400, 'invalid_gzip', 'body is not valid gzip');
  }
  return concatBytes(chunks);
}

export async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function concatBytes(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
