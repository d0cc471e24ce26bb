import { ASSET_TAG, CSS_URL, MAX_ASSET_BYTES, type AssetPayload } from '../../../wire/assets.ts';
import type { CustomTag } from '../../../wire/index.ts';
import type { ModuleContext } from '../context.ts';

/** Distinct URLs one page load reads, and the bytes they may add up to. */
const MAX_ASSETS_PER_PAGE = 60;
const MAX_ASSET_BYTES_PER_PAGE = 4 * 1024 * 1024;
/** An idle callback runs at the latest this long after it was asked for. */
const IDLE_TIMEOUT_MS = 3_000;

/**
 * Captures the fonts and images a recording refers to, so its replay looks right after the site
 * changes them and when played from another origin. What is read is exactly what rrweb recorded:
 * the `src` of an img rrweb serialised (privacy's blocked media never carry one) and the url()s in
 * stylesheet text rrweb inlined. Each URL is read once per page load, with the page's own
 * credentials left out, only when same-origin or CORS-readable, one at a time in idle time; it is
 * sent as an `er.asset` signal whose body the ingest worker moves to R2 by hash. Stylesheet text
 * itself needs nothing here: rrweb inlines it as `_cssText`.
 *
 * `fetch` is window.fetch as it was before network capture wrapped it: these reads are the SDK's,
 * not the page's traffic. `recorded` looks up what rrweb recorded of a node.
 */
export function installAssets(win: Window, fetch: typeof window.fetch, recorded: RecordedAttributes, ctx: ModuleContext): () => void {
  const idle = (fn: () => void) => (win.requestIdleCallback ? win.requestIdleCallback(fn, { timeout: IDLE_TIMEOUT_MS }) : setTimeout(fn, 50));
  const seen = new Set<string>();
  const scannedSheets = new WeakSet<object>();
  const queue: string[] = [];
  let budget = MAX_ASSET_BYTES_PER_PAGE;
  let scanAsked = false;
  let reading = false;

  const want = (url: string) => {
    if (!/^https?:/.test(url) || seen.has(url) || seen.size >= MAX_ASSETS_PER_PAGE) return;
    seen.add(url);
    queue.push(url);
  };

  const scan = ctx.guard(() => {
    scanAsked = false;
    const doc = win.document;
    for (const img of doc.images) {
      // The URL the browser chose (from srcset too); the player maps either attribute to it.
      const src = recorded(img)?.src;
      if (typeof src == 'string') want(img.currentSrc || src);
    }
    for (const sheet of doc.styleSheets) {
      const node = recorded(sheet.ownerNode);
      if (!node || scannedSheets.has(node) || typeof node._cssText != 'string') continue;
      scannedSheets.add(node);
      for (const match of node._cssText.matchAll(CSS_URL)) want(match[2]!);
    }
    readNext();
  });

  const readNext = ctx.guard(() => {
    const url = !reading && queue.shift();
    if (!url) return;
    reading = true;
    // Sent in idle time too: the signal is scrubbed and serialised on the main thread.
    void read(url)
      .catch(() => null)
      .then((data) =>
        idle(
          ctx.guard(() => {
            reading = false;
            if (data) ctx.emit(ASSET_TAG as CustomTag, { url, data } satisfies AssetPayload as never);
            readNext();
          }),
        ),
      );
  });

  /** The body as a data: URL; null when unreadable (cross-origin without CORS, an error) or too big. */
  const read = async (url: string): Promise<string | null> => {
    const response = await fetch(url, { credentials: 'omit', mode: 'cors' });
    const size = Number(response.headers.get('content-length'));
    if (!response.ok || size > MAX_ASSET_BYTES || size > budget) {
      void response.body?.cancel();
      return null;
    }
    const blob = await response.blob();
    if (blob.size > MAX_ASSET_BYTES || blob.size > budget) return null;
    budget -= blob.size;
    return new Promise((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.onerror = () => resolve(null);
      reader.readAsDataURL(blob);
    });
  };

  const ask = () => {
    if (scanAsked) return;
    scanAsked = true;
    idle(scan);
  };
  const fonts = win.document.fonts;
  // Images and stylesheets fire load (captured: it does not bubble); fonts load when first used.
  win.addEventListener('load', ask, true);
  fonts?.addEventListener('loadingdone', ask);
  ask();
  return () => {
    win.removeEventListener('load', ask, true);
    fonts?.removeEventListener('loadingdone', ask);
  };
}

/** The attributes rrweb recorded for `node`, or undefined when it did not record it (blocked, or not yet seen). */
export type RecordedAttributes = (node: Node | null) => Record<string, unknown> | undefined;
