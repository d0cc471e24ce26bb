import { describe, expect, it } from 'vitest';
import { MAX_BATCH_BYTES } from '../../wire/index.ts';
import { gzip } from '../../workers/compression.ts';
import { ApiError } from '../../workers/errors.ts';
import { decodeBatch } from '../../workers/ingest/decode.ts';

// In workerd: decompression runs through its FixedLengthStream, which Node does not have.

const body = async (value: unknown) => {
  const bytes = await gzip(typeof value === 'string' ? value : JSON.stringify(value));
  return bytes.buffer as ArrayBuffer;
};
const sessionId = '019ab000-0000-7000-8000-000000000001';
const good = { v: 1, sessionId, tab: 'a', seq: 0, final: false, sentAt: 1, events: [{ type: 4, timestamp: 1, data: {} }] };

async function codeOf(input: ArrayBuffer): Promise<string> {
  try {
    await decodeBatch(input);
    return 'ok';
  } catch (err) {
    return err instanceof ApiError ? `${err.status} ${err.code}` : String(err);
  }
}

describe('decodeBatch', () => {
  it('returns the validated batch', async () => {
    const json = JSON.stringify(good);
    expect(await decodeBatch(await body(good))).toEqual({ batch: good, json, spans: { starts: [json.indexOf('{"type"')], ends: [json.length - 2], longStrings: [] } });
  });

  it('names the step that failed', async () => {
    expect(await codeOf(new TextEncoder().encode('plain').buffer as ArrayBuffer)).toBe('400 invalid_gzip');
    expect(await codeOf(await body('{'))).toBe('400 invalid_json');
    expect(await codeOf(await body({ ...good, v: 2 }))).toBe('400 invalid_batch');
    expect(await codeOf(await body('0'.repeat(MAX_BATCH_BYTES + 1)))).toBe('413 payload_too_large');
  });

  it('refuses invalid UTF-8 inside an otherwise valid batch, rather than storing replacement characters', async () => {
    const text = new TextEncoder().encode(JSON.stringify({ ...good, events: [{ type: 4, timestamp: 1, data: { href: 'XX' } }] }));
    const at = text.indexOf(0x58); // the first X
    text.set([0xff, 0xfe], at);
    const gzipped = await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer();
    await expect(decodeBatch(gzipped)).rejects.toThrow(/UTF-8/);
    expect(await codeOf(gzipped)).toBe('400 invalid_json');
  });

  it('stops a truncated gzip stream with invalid_gzip', async () => {
    const full = new Uint8Array(await body(good));
    expect(await codeOf(full.slice(0, full.length - 10).buffer)).toBe('400 invalid_gzip');
  });

  it('refuses a body whose gzip trailer misstates its size', async () => {
    const withSize = async (size: number) => {
      const bytes = new Uint8Array(await body(good));
      new DataView(bytes.buffer).setUint32(bytes.length - 4, size, true);
      return codeOf(bytes.buffer);
    };
    const real = JSON.stringify(good).length;
    // Claiming more than the cap, a body is decompressed chunk by chunk to tell what it is.
    expect(await withSize(MAX_BATCH_BYTES + 1)).toBe('400 invalid_gzip');
    // A bomb claiming to be small stops at the claimed length; a body claiming more falls short of it.
    expect(await withSize(real - 1)).toBe('400 invalid_gzip');
    expect(await withSize(real + 1)).toBe('400 invalid_gzip');
    expect(await withSize(real)).toBe('ok');
  });
});
