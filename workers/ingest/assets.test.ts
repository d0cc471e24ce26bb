import { describe, expect, it } from 'vitest';
import { ASSET_TAG, MIN_ASSET_CHARS, assetRef } from '../../wire/assets.ts';
import { EventType, type RecordedEvent } from '../../wire/index.ts';
import { MAX_ASSETS_PER_BATCH, decodeDataUrl, extractAssets } from './assets.ts';

// Web APIs only: this file type-checks with the Workers types, which have no Node modules.
async function sha256(content: Uint8Array | string): Promise<string> {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
const base64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));

const css = `body { background: #fafafa; }\n${'.card { padding: 4px; }\n'.repeat(60)}`;
const png = new Uint8Array(2_000).map((_, i) => (i * 31) % 256);
const pngUrl = `data:image/png;base64,${base64(png)}`;

function snapshot(t: number, attributes: Record<string, unknown>): RecordedEvent {
  return {
    type: EventType.FullSnapshot,
    timestamp: t,
    data: {
      node: {
        type: 0,
        id: 1,
        childNodes: [{ type: 2, tagName: 'html', id: 2, attributes: {}, childNodes: [{ type: 2, tagName: 'style', id: 3, attributes, childNodes: [] }] }],
      },
      initialOffset: { top: 0, left: 0 },
    },
  };
}

const styleAttributes = (event: RecordedEvent) =>
  (event.data as { node: { childNodes: Array<{ childNodes: Array<{ attributes: Record<string, unknown> }> }> } }).node.childNodes[0]!
    .childNodes[0]!.attributes;

describe('extractAssets', () => {
  it('moves stylesheet text and long data: URLs out of snapshots and mutations, hashed by their bytes', async () => {
    const mutation: RecordedEvent = {
      type: EventType.IncrementalSnapshot,
      timestamp: 3,
      data: { source: 0, adds: [{ parentId: 2, nextId: null, node: { type: 2, tagName: 'img', id: 9, attributes: { src: pngUrl } } }], removes: [], texts: [], attributes: [] },
    };
    const signal: RecordedEvent = { type: EventType.Custom, timestamp: 4, data: { tag: ASSET_TAG, payload: { url: 'https://shop.test/logo.png', data: pngUrl } } };
    const events = [snapshot(1, { _cssText: css }), mutation, signal];

    const assets = await extractAssets(events);

    const cssHash = await sha256(css);
    const pngHash = await sha256(png);
    expect([...assets.keys()].sort()).toEqual([cssHash, pngHash].sort());
    expect(assets.get(cssHash)).toMatchObject({ contentType: 'text/css; charset=utf-8' });
    expect(new TextDecoder().decode(assets.get(cssHash)!.bytes)).toBe(css);
    expect(assets.get(pngHash)!.contentType).toBe('image/png');
    expect(assets.get(pngHash)!.bytes).toEqual(png);
    expect(styleAttributes(events[0]!)._cssText).toBe(assetRef(cssHash));
    expect(JSON.stringify(events[1])).toContain(`"src":"${assetRef(pngHash)}"`);
    expect((events[2]!.data as { payload: { url: string; data: string } }).payload).toEqual({ url: 'https://shop.test/logo.png', data: assetRef(pngHash) });
  });

  it('leaves short strings, other attributes and other event types alone', async () => {
    const shortCss = 'p { color: red }';
    const longText = 'x'.repeat(MIN_ASSET_CHARS * 2);
    const events: RecordedEvent[] = [
      snapshot(1, { _cssText: shortCss, title: longText, style: `background:url(${pngUrl})` }),
      { type: EventType.Custom, timestamp: 2, data: { tag: 'er.console', payload: { level: 'log', args: [pngUrl] } } },
      { type: EventType.IncrementalSnapshot, timestamp: 3, data: { source: 5, text: pngUrl, id: 4 } },
    ];
    const before = JSON.stringify(events);
    expect((await extractAssets(events)).size).toBe(0);
    expect(JSON.stringify(events)).toBe(before);
  });

  it('is idempotent: its own output has nothing left to extract', async () => {
    const events = [snapshot(1, { _cssText: css, rr_dataURL: pngUrl })];
    await extractAssets(events);
    const once = JSON.stringify(events);
    expect((await extractAssets(events)).size).toBe(0);
    expect(JSON.stringify(events)).toBe(once);
  });

  it('stores the same bytes once, however many times and ways a batch carries them', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg">${'<rect width="1" height="1"/>'.repeat(50)}</svg>`;
    const asText = `data:image/svg+xml,${encodeURIComponent(svg)}`;
    const asBase64 = `data:image/svg+xml;base64,${btoa(svg)}`;
    const events = [snapshot(1, { src: asText }), snapshot(2, { src: asBase64 }), snapshot(3, { src: asText })];
    const assets = await extractAssets(events);
    const hash = await sha256(svg);
    expect([...assets.keys()]).toEqual([hash]);
    expect(new Set(events.map((e) => styleAttributes(e).src))).toEqual(new Set([assetRef(hash)]));
  });

  it('keeps malformed data: URLs inline rather than storing something else', async () => {
    const badBase64 = `data:image/png;base64,${'!'.repeat(MIN_ASSET_CHARS)}`;
    const badPercent = `data:text/plain,${'%E0%A4%A'.repeat(200)}`;
    const events = [snapshot(1, { src: badBase64, href: badPercent })];
    expect((await extractAssets(events)).size).toBe(0);
    expect(styleAttributes(events[0]!)).toEqual({ src: badBase64, href: badPercent });
  });

  it('moves at most MAX_ASSETS_PER_BATCH distinct assets per batch and keeps the rest inline', async () => {
    const urls = Array.from({ length: MAX_ASSETS_PER_BATCH + 10 }, (_, i) => `data:image/png;base64,${base64(png.map((b) => b ^ i))}`);
    const events = urls.map((src, i) => snapshot(i + 1, { src }));
    const assets = await extractAssets(events);
    expect(assets.size).toBe(MAX_ASSETS_PER_BATCH);
    const srcs = events.map((e) => styleAttributes(e).src as string);
    expect(srcs.filter((s) => s.startsWith('er-asset:'))).toHaveLength(MAX_ASSETS_PER_BATCH);
    expect(srcs.slice(MAX_ASSETS_PER_BATCH)).toEqual(urls.slice(MAX_ASSETS_PER_BATCH));
  });

  it('walks DOM trees deeper than the call stack allows recursion', async () => {
    let node: Record<string, unknown> = { type: 2, tagName: 'img', id: 1, attributes: { src: pngUrl }, childNodes: [] };
    for (let i = 0; i < 50_000; i++) node = { type: 2, tagName: 'div', id: i + 2, attributes: {}, childNodes: [node] };
    const events: RecordedEvent[] = [{ type: EventType.FullSnapshot, timestamp: 1, data: { node, initialOffset: { top: 0, left: 0 } } }];
    expect([...(await extractAssets(events)).keys()]).toEqual([await sha256(png)]);
  });
});

describe('decodeDataUrl', () => {
  it('keeps servable image, font and stylesheet types and stores anything else as octet-stream', () => {
    expect(decodeDataUrl('data:font/woff2;base64,AAEC')).toEqual({ contentType: 'font/woff2', bytes: new Uint8Array([0, 1, 2]) });
    expect(decodeDataUrl('data:IMAGE/SVG+XML;charset=utf-8,%3Csvg%2F%3E')?.contentType).toBe('image/svg+xml');
    expect(decodeDataUrl('data:text/html;base64,PGh0bWw+')?.contentType).toBe('application/octet-stream');
    expect(decodeDataUrl('data:,hello')?.contentType).toBe('application/octet-stream');
    expect(decodeDataUrl('data:image/png;base64')).toBeNull();
  });
});
