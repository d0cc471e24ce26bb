/** Fills the array with random bytes, like crypto.getRandomValues. */
export type FillRandom = (bytes: Uint8Array) => void;

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push((i + 0x100).toString(16).slice(1));

/**
 * A lowercase UUIDv7 (RFC 9562): 48-bit Unix time in ms, version 7, variant 10, 74 random bits.
 * Ids from different milliseconds sort by creation time, as strings and as bytes.
 */
export function uuidv7(nowMs: number, fillRandom: FillRandom): string {
  const bytes = new Uint8Array(16);
  fillRandom(bytes);
  // 48-bit big-endian timestamp. Bit operators are 32-bit, so split with arithmetic.
  let ms = Math.max(0, Math.floor(nowMs));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  let out = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out += '-';
    out += HEX[bytes[i]];
  }
  return out;
}

/** `byteCount` random bytes as lowercase hex. */
export function randomHex(fillRandom: FillRandom, byteCount: number): string {
  const bytes = new Uint8Array(byteCount);
  fillRandom(bytes);
  let out = '';
  for (const b of bytes) out += HEX[b];
  return out;
}

/** The Unix ms time stored in a UUIDv7. */
export function uuidv7Time(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
