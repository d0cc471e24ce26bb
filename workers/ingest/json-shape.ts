import { MIN_ASSET_CHARS } from '../../wire/assets.ts';

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

/** Where each event of a batch's JSON text is, found on the way (see scanBatchJson). */
export interface EventSpans {
  /** Text offsets of each event's opening brace and one past its closing brace, in order. */
  starts: number[];
  ends: number[];
  /** Indices of the events holding a string long enough to be an asset: the only ones worth searching. */
  longStrings: number[];
}

export type ScanResult = { problem: string } | { problem: null; events: EventSpans | null };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/**
 * Checks the shape of JSON text in one pass before it is parsed: depth and container width within
 * bounds, else a problem. It does not validate the JSON; JSON.parse does that next. On the way it
 * notes where the elements of the top-level "events" array are, so the ingest route can store the
 * text it received with only the events it changed written anew, and search for assets only in
 * events that hold a long string. `events` is null when no such array was found as plainly
 * written (an escaped key, say): the caller then serialises the parsed batch instead.
 */
export function scanBatchJson(text: string): ScanResult {
  // Commas seen in each open container; a container's members are its commas plus one.
  const commas = new Int32Array(MAX_JSON_DEPTH + 1);
  let depth = 0;
  let key = '';
  let events: EventSpans | null = null;
  /** Inside the events array (its elements are at depth 3). */
  let inEvents = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (depth === 1) key = text.charCodeAt(nextNonSpace(text, end + 1)) === COLON ? text.slice(i + 1, end) : '';
      else if (inEvents && end - i > MIN_ASSET_CHARS && events!.longStrings.at(-1) !== events!.starts.length - 1) {
        // The encoded string is at least as long as the string it stands for.
        events!.longStrings.push(events!.starts.length - 1);
      }
      i = end;
    } else if (c === COMMA) {
      if (depth > 0 && ++commas[depth]! >= MAX_JSON_MEMBERS) return { problem: `an array or object has more than ${MAX_JSON_MEMBERS} members` };
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > MAX_JSON_DEPTH) return { problem: `JSON is nested deeper than ${MAX_JSON_DEPTH} levels` };
      commas[depth] = 0;
      if (depth === 2 && c === OPEN_ARRAY && key === 'events') {
        // A repeated key: JSON.parse keeps the last one, and so does this.
        events = { starts: [], ends: [], longStrings: [] };
        inEvents = true;
      } else if (depth === 3 && inEvents) {
        events!.starts.push(i);
      }
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      if (depth === 3 && inEvents) events!.ends.push(i + 1);
      else if (depth === 2) inEvents = false;
      if (depth > 0) depth--;
    }
  }
  return { problem: null, events };
}

/** Index of the quote that ends the string starting at `start`: the next one no backslash escapes. */
function stringEnd(text: string, start: number): number {
  for (let end = text.indexOf('"', start + 1); end >= 0; end = text.indexOf('"', end + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
  }
  return text.length;
}

function nextNonSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && text.charCodeAt(i) <= 0x20) i++;
  return i;
}
