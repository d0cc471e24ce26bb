import { ASSET_TAG, MIN_ASSET_CHARS, assetRef } from '../../wire/assets.ts';
import { EventType, IncrementalSource, type RecordedEvent } from '../../wire/index.ts';

/** One asset split out of a batch: what R2 stores under assets/<hash>. */
export interface Asset {
  /** Lowercase hex SHA-256 of `bytes`. */
  hash: string;
  contentType: string;
  bytes: Uint8Array;
}

/**
 * Content types the API may serve an asset with. Anything else is stored as octet-stream: a
 * recording is untrusted, and what it calls text/html must not come back as a page.
 */
const SERVABLE_TYPE = /^(?:image\/[\w.+-]+|font\/[\w.+-]+|text\/css|application\/(?:font-woff2?|font-sfnt|x-font-[\w-]+|vnd\.ms-fontobject))$/;
const CSS_TYPE = 'text/css; charset=utf-8';
const OCTET_STREAM = 'application/octet-stream';

const utf8 = new TextEncoder();

/**
 * Distinct assets one batch may move to R2; later ones stay inline. A page's fonts, images and
 * stylesheets fit many times over, and a hostile batch cannot turn one request into thousands of
 * R2 calls (a Worker request may make 1,000 subrequests).
 */
export const MAX_ASSETS_PER_BATCH = 64;

/**
 * Replaces every long data: URL and stylesheet text in `events` by an `er-asset:<sha256>`
 * reference and returns the assets by hash (empty when nothing was long enough). Mutates the
 * events: the ingest route owns them, freshly parsed from the request. Only snapshots, DOM
 * mutations and `er.asset` signals are searched; the other events never carry such strings.
 * A reference is short, so running this again over its own output changes nothing.
 */
export async function extractAssets(events: RecordedEvent[]): Promise<Map<string, Asset>> {
  const slots: Array<{ holder: Record<string, unknown>; key: string; value: string }> = [];
  for (const event of events) {
    if (mayCarryAssets(event)) collect(event, slots);
  }
  const assets = new Map<string, Asset>();
  if (slots.length === 0) return assets;
  const byValue = new Map<string, Promise<Asset | null>>();
  for (const { key, value } of slots) {
    if (!byValue.has(value) && byValue.size < MAX_ASSETS_PER_BATCH) byValue.set(value, toAsset(key, value));
  }
  for (const slot of slots) {
    const asset = await byValue.get(slot.value);
    if (!asset) continue;
    assets.set(asset.hash, asset);
    slot.holder[slot.key] = assetRef(asset.hash);
  }
  return assets;
}

function mayCarryAssets(event: RecordedEvent): boolean {
  const data = event.data as { source?: unknown; tag?: unknown } | null;
  if (typeof data !== 'object' || data === null) return false;
  if (event.type === EventType.FullSnapshot) return true;
  if (event.type === EventType.IncrementalSnapshot) return data.source === IncrementalSource.Mutation;
  return event.type === EventType.Custom && data.tag === ASSET_TAG;
}

/** Finds candidate strings without recursion: recorded DOM trees can nest deeper than the stack. */
function collect(root: object, slots: Array<{ holder: Record<string, unknown>; key: string; value: string }>): void {
  const stack: object[] = [root];
  while (stack.length > 0) {
    const holder = stack.pop() as Record<string, unknown>;
    for (const key in holder) {
      const value = holder[key];
      if (typeof value === 'string') {
        if (value.length >= MIN_ASSET_CHARS && (key === '_cssText' || value.startsWith('data:'))) slots.push({ holder, key, value });
      } else if (typeof value === 'object' && value !== null) {
        stack.push(value);
      }
    }
  }
}

async function toAsset(key: string, value: string): Promise<Asset | null> {
  const content = key === '_cssText' ? { contentType: CSS_TYPE, bytes: utf8.encode(value) } : decodeDataUrl(value);
  if (content === null) return null;
  return { hash: await sha256Hex(content.bytes), ...content };
}

/** The bytes and type of a data: URL, or null when it is malformed (it then stays in the event). */
export function decodeDataUrl(url: string): { contentType: string; bytes: Uint8Array } | null {
  const comma = url.indexOf(',');
  if (!url.startsWith('data:') || comma < 0) return null;
  const params = url.slice(5, comma).split(';').map((p) => p.trim().toLowerCase());
  const base64 = params.at(-1) === 'base64';
  const body = url.slice(comma + 1);
  let bytes: Uint8Array;
  try {
    bytes = base64 ? fromBase64(body) : utf8.encode(decodeURIComponent(body));
  } catch {
    return null;
  }
  const type = params[0] ?? '';
  return { contentType: SERVABLE_TYPE.test(type) ? type : OCTET_STREAM, bytes };
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // Always backed by a plain ArrayBuffer here; the DOM typings cannot tell from TextEncoder's.
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
