/**
 * Swaps asset references in recorded events for what the replay frame can load, before the events
 * reach rrweb's Replayer (see wire/assets.ts for how references come to be):
 * - `_cssText: er-asset:<hash>` becomes the stylesheet text, fetched once per hash;
 * - any other reference (an img src, a canvas image) becomes the asset's API URL;
 * - a URL the SDK captured (`er.asset`) becomes the stored copy wherever the recording names it:
 *   src, srcset, href, and url(...) in stylesheets and style attributes.
 * The original site is then needed for nothing that was captured, so the replay still looks right
 * after the site changed or when it is unreachable from the viewer's browser.
 */
import { ASSET_TAG, CSS_URL, refHash, type AssetPayload, type CapturedAsset } from '../../../../wire/assets.ts';
import { EventType, IncrementalSource, customData, type RecordedEvent } from '../../../../wire/index.ts';

export interface AssetSource {
  /** Where the replay frame loads an asset from. */
  url(hash: string): string;
  /** An asset's text (stylesheets); rejects when it cannot be had. */
  text(hash: string): Promise<string>;
}

type Attributes = Record<string, unknown>;


/**
 * Rewrites `events` in place; resolves once every stylesheet text is fetched (or given up on).
 * `captured` holds the copies of URLs captured before these events (see capturedAsOf): the SDK
 * sends each URL once per page load, so a later segment's snapshot of the page names URLs whose
 * copies came in an earlier segment. The events' own captures are added to it.
 */
export async function resolveAssets(events: RecordedEvent[], source: AssetSource, captured = new Map<string, string>()): Promise<void> {
  const byUrl = capturedUrls(events, source, captured);
  const holders: Attributes[] = [];
  const rules: Array<{ rule: unknown }> = [];
  for (const event of events) collectAttributes(event, holders, rules);

  const cssHashes = new Set<string>();
  for (const attributes of holders) {
    const hash = refHash(attributes._cssText);
    if (hash !== null) cssHashes.add(hash);
  }
  const texts = new Map(
    await Promise.all([...cssHashes].map(async (hash) => [hash, await source.text(hash).catch(() => '')] as const)),
  );

  const css = (text: string) => rewriteCss(text, byUrl);
  for (const attributes of holders) {
    for (const [key, value] of Object.entries(attributes)) {
      if (typeof value !== 'string') continue;
      const hash = refHash(value);
      if (key === '_cssText') attributes[key] = css(hash === null ? value : texts.get(hash)!);
      else if (hash !== null) attributes[key] = source.url(hash);
      else if (key === 'style') attributes[key] = css(value);
      else if (key === 'srcset') attributes[key] = rewriteSrcset(value, byUrl);
      else if (byUrl.has(value)) attributes[key] = byUrl.get(value);
    }
  }
  for (const add of rules) if (typeof add.rule === 'string') add.rule = css(add.rule);
}

/**
 * A tab's captured URLs → stored copies as of `time` (epoch ms), from the manifest's list: what a
 * segment starting then needs of the captures made in the tab's earlier segments.
 */
export function capturedAsOf(assets: readonly CapturedAsset[], tab: string, time: number, source: AssetSource): Map<string, string> {
  const byUrl = new Map<string, string>();
  for (const asset of assets) if (asset.tab === tab && asset.t < time) setCopy(byUrl, asset.url, asset.data, source);
  return byUrl;
}

/** The SDK's `er.asset` signals: captured URL → stored copy, added to `byUrl`. */
function capturedUrls(events: RecordedEvent[], source: AssetSource, byUrl: Map<string, string>): Map<string, string> {
  for (const event of events) {
    const data = customData(event);
    if ((data?.tag as string) !== ASSET_TAG) continue;
    const { url, data: body } = (data!.payload ?? {}) as Partial<AssetPayload>;
    if (typeof url === 'string' && typeof body === 'string') setCopy(byUrl, url, body, source);
  }
  return byUrl;
}

/** A stored copy is an API URL for a reference, or a data: URL left inline; anything else is ignored. */
function setCopy(byUrl: Map<string, string>, url: string, data: string, source: AssetSource): void {
  const hash = refHash(data);
  if (hash !== null) byUrl.set(url, source.url(hash));
  else if (data.startsWith('data:')) byUrl.set(url, data);
}

/** The attribute objects of every recorded element, and the CSSOM rules added later. */
function collectAttributes(event: RecordedEvent, holders: Attributes[], rules: Array<{ rule: unknown }>): void {
  const data = event.data as Record<string, unknown> | null;
  if (typeof data !== 'object' || data === null) return;
  if (event.type === EventType.FullSnapshot) collectNodes(data.node, holders);
  if (event.type !== EventType.IncrementalSnapshot) return;
  if (data.source === IncrementalSource.Mutation) {
    for (const add of list(data.adds)) collectNodes((add as { node?: unknown })?.node, holders);
    for (const change of list(data.attributes)) {
      const attributes = (change as { attributes?: unknown })?.attributes;
      if (isObject(attributes)) holders.push(attributes);
    }
  } else if (data.source === IncrementalSource.StyleSheetRule) {
    // CSSOM insertRule calls, as { adds: [{ rule }] }.
    for (const add of list(data.adds)) if (isObject(add)) rules.push(add as { rule: unknown });
  }
}

/** Without recursion: recorded DOM trees can nest deeper than the call stack. */
function collectNodes(root: unknown, holders: Attributes[]): void {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isObject(node)) continue;
    if (isObject(node.attributes)) holders.push(node.attributes);
    for (const child of list(node.childNodes)) stack.push(child);
  }
}

function rewriteCss(css: string, byUrl: Map<string, string>): string {
  if (byUrl.size === 0) return css;
  return css.replace(CSS_URL, (match, quote: string, url: string) => {
    const stored = byUrl.get(url);
    return stored === undefined ? match : `url(${quote}${stored}${quote})`;
  });
}

/**
 * The captured candidate alone when there is one, so the replay shows the image the visitor saw. It
 * goes without its descriptor: a lone 1x candidate also keeps the browser from using `src`.
 */
function rewriteSrcset(srcset: string, byUrl: Map<string, string>): string {
  for (const candidate of srcset.split(/,\s+/)) {
    const stored = byUrl.get(candidate.trim().split(/\s+/)[0] ?? '');
    if (stored !== undefined) return stored;
  }
  return srcset;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
