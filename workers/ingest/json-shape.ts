/**
 * Nesting deeper than this is refused before parsing. rrweb nests two levels per DOM level
 * (node, childNodes), so this allows DOM trees far deeper than real pages, while every recursive
 * walker downstream (JSON.stringify in the DO, the replayer) stays clear of its stack limit.
 */
export const MAX_JSON_DEPTH = 1_000;
/**
 * Members of one array or object. A single rrweb container this wide does not occur in practice;
 * an object with a million keys takes seconds to parse and lingers in dictionary mode.
 */
export const MAX_JSON_MEMBERS = 100_000;

// What each byte means to the scan; most bytes mean nothing and are skipped on one table read.
const QUOTE = 1;
const BACKSLASH = 2;
const COMMA = 3;
const OPEN = 4;
const CLOSE = 5;
const BYTE_CLASS = new Uint8Array(256);
BYTE_CLASS[0x22] = QUOTE;
BYTE_CLASS[0x5c] = BACKSLASH;
BYTE_CLASS[0x2c] = COMMA;
BYTE_CLASS[0x5b] = OPEN; // [
BYTE_CLASS[0x7b] = OPEN; // {
BYTE_CLASS[0x5d] = CLOSE; // ]
BYTE_CLASS[0x7d] = CLOSE; // }

/**
 * Checks the shape of JSON text (UTF-8 bytes) in one pass before it is parsed: depth and
 * container width within bounds. Returns a problem, or null. It does not validate the JSON;
 * JSON.parse does that next. Multi-byte UTF-8 never contains ASCII bytes, so scanning bytes is safe.
 */
export function jsonShapeProblem(bytes: Uint8Array): string | null {
  // Commas seen in each open container; a container's members are its commas plus one.
  const commas = new Int32Array(MAX_JSON_DEPTH + 1);
  let depth = 0;
  for (let i = 0; i < bytes.length; i++) {
    const kind = BYTE_CLASS[bytes[i]!];
    if (kind === 0) continue;
    if (kind === QUOTE) {
      // Skip the string: to the next quote that no backslash escapes.
      for (i++; i < bytes.length; i++) {
        const inString = BYTE_CLASS[bytes[i]!];
        if (inString === BACKSLASH) i++;
        else if (inString === QUOTE) break;
      }
    } else if (kind === COMMA) {
      if (depth > 0 && ++commas[depth]! >= MAX_JSON_MEMBERS) return `an array or object has more than ${MAX_JSON_MEMBERS} members`;
    } else if (kind === OPEN) {
      if (++depth > MAX_JSON_DEPTH) return `JSON is nested deeper than ${MAX_JSON_DEPTH} levels`;
      commas[depth] = 0;
    } else if (kind === CLOSE && depth > 0) {
      depth--;
    }
  }
  return null;
}
