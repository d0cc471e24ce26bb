import { describe, expect, it } from 'vitest';
import { ASSET_TAG, assetRef, type CapturedAsset } from '../../../../wire/assets.ts';
import { EventType, type RecordedEvent } from '../../../../wire/index.ts';
import { capturedAsOf, resolveAssets, type AssetSource } from './assets.ts';

const h = (c: string) => c.repeat(64);
const FONT = h('a');
const CSS = h('b');
const LOGO = h('c');
const CANVAS = h('d');

function source(texts: Record<string, string>): AssetSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    url: (hash) => `https://dash.test/api/assets/${hash}`,
    text: async (hash) => {
      asked.push(hash);
      if (!(hash in texts)) throw new Error('404');
      return texts[hash]!;
    },
  };
}

const el = (id: number, tagName: string, attributes: Record<string, unknown>, childNodes: unknown[] = []) => ({ type: 2, id, tagName, attributes, childNodes });
const asset = (url: string, data: string): RecordedEvent => ({ type: EventType.Custom, timestamp: 9, data: { tag: ASSET_TAG, payload: { url, data } } });

describe('resolveAssets', () => {
  it('inlines referenced stylesheet text and points captured URLs at the stored copies', async () => {
    const snapshot: RecordedEvent = {
      type: EventType.FullSnapshot,
      timestamp: 2,
      data: {
        node: {
          type: 0,
          id: 1,
          childNodes: [
            el(2, 'html', {}, [
              el(3, 'link', { _cssText: assetRef(CSS) }),
              el(4, 'style', { _cssText: '.hero{background:url("https://shop.test/hero.png")}' }),
              el(5, 'img', { src: 'https://shop.test/logo.png', srcset: 'https://shop.test/logo.png 1x, https://shop.test/logo@2x.png 2x' }),
              el(6, 'img', { src: assetRef(LOGO), alt: 'https://shop.test/logo.png?not-captured' }),
              el(7, 'div', { style: "background-image: url(https://shop.test/hero.png); color: red" }),
              el(8, 'canvas', { rr_dataURL: assetRef(CANVAS) }),
            ]),
          ],
        },
        initialOffset: { top: 0, left: 0 },
      },
    };
    const events = [
      snapshot,
      asset('https://shop.test/font.woff2', assetRef(FONT)),
      asset('https://shop.test/logo@2x.png', assetRef(LOGO)),
      asset('https://shop.test/hero.png', 'data:image/png;base64,iVBORw0KGgo='),
    ];
    const src = source({ [CSS]: '@font-face{font-family:Shop;src:url(https://shop.test/font.woff2) format("woff2")}' });

    await resolveAssets(events, src);

    const html = (snapshot.data as { node: { childNodes: Array<{ childNodes: Array<{ attributes: Record<string, unknown> }> }> } }).node.childNodes[0]!.childNodes;
    const at = (i: number) => html[i]!.attributes;
    expect(at(0)._cssText).toBe(`@font-face{font-family:Shop;src:url(https://dash.test/api/assets/${FONT}) format("woff2")}`);
    expect(at(1)._cssText).toBe('.hero{background:url("data:image/png;base64,iVBORw0KGgo=")}');
    expect(at(2)).toEqual({ src: 'https://shop.test/logo.png', srcset: `https://dash.test/api/assets/${LOGO}` });
    expect(at(3)).toEqual({ src: `https://dash.test/api/assets/${LOGO}`, alt: 'https://shop.test/logo.png?not-captured' });
    expect(at(4).style).toBe('background-image: url(data:image/png;base64,iVBORw0KGgo=); color: red');
    expect(at(5).rr_dataURL).toBe(`https://dash.test/api/assets/${CANVAS}`);
    expect(src.asked).toEqual([CSS]);
  });

  it('resolves mutations and CSSOM rules too, fetching each stylesheet once', async () => {
    const mutation: RecordedEvent = {
      type: EventType.IncrementalSnapshot,
      timestamp: 3,
      data: {
        source: 0,
        adds: [{ parentId: 2, nextId: null, node: el(10, 'style', { _cssText: assetRef(CSS) }) }],
        attributes: [{ id: 4, attributes: { _cssText: assetRef(CSS), src: 'https://shop.test/font.woff2' } }],
        removes: [],
        texts: [],
      },
    };
    const rule: RecordedEvent = { type: EventType.IncrementalSnapshot, timestamp: 4, data: { source: 8, id: 10, adds: [{ rule: '@font-face{src:url(https://shop.test/font.woff2)}', index: 0 }] } };
    const src = source({ [CSS]: 'p{color:blue}' });
    await resolveAssets([mutation, rule, asset('https://shop.test/font.woff2', assetRef(FONT))], src);
    expect(JSON.stringify(mutation.data)).not.toContain('er-asset:');
    expect(JSON.stringify(mutation.data).match(/p\{color:blue\}/g)).toHaveLength(2);
    expect(JSON.stringify(mutation.data)).toContain(`"src":"https://dash.test/api/assets/${FONT}"`);
    expect((rule.data as { adds: Array<{ rule: string }> }).adds[0]!.rule).toBe(`@font-face{src:url(https://dash.test/api/assets/${FONT})}`);
    expect(src.asked).toEqual([CSS]);
  });

  it('replays without a stylesheet it cannot fetch rather than failing, and ignores malformed signals', async () => {
    const attributes: Record<string, unknown> = { _cssText: assetRef(CSS) };
    const events: RecordedEvent[] = [
      { type: EventType.FullSnapshot, timestamp: 1, data: { node: el(1, 'style', attributes) } },
      { type: EventType.Custom, timestamp: 2, data: { tag: ASSET_TAG, payload: null } },
      asset('https://shop.test/x.png', 'javascript:alert(1)'),
      { type: EventType.IncrementalSnapshot, timestamp: 3, data: { source: 0, adds: [null, { node: 'x' }], attributes: [null] } },
    ];
    await resolveAssets(events, source({}));
    expect(attributes._cssText).toBe('');
  });

  it("resolves a segment loaded on its own with the copies the manifest lists from the tab's earlier ones", async () => {
    const manifest: CapturedAsset[] = [
      { tab: 't1', t: 10, url: 'https://shop.test/logo.png', data: assetRef(LOGO) },
      { tab: 't2', t: 10, url: 'https://shop.test/bg.png', data: assetRef(FONT) },
      { tab: 't1', t: 20, url: 'https://shop.test/dot.png', data: 'data:image/png;base64,AAAA' },
      // Captured after the segment starts: its own events bring it.
      { tab: 't1', t: 60_000, url: 'https://shop.test/late.png', data: assetRef(CANVAS) },
    ];
    const src = source({});
    const captured = capturedAsOf(manifest, 't1', 60_000, src);
    expect(captured).toEqual(new Map([
      ['https://shop.test/logo.png', `https://dash.test/api/assets/${LOGO}`],
      ['https://shop.test/dot.png', 'data:image/png;base64,AAAA'],
    ]));
    const attributes = { src: 'https://shop.test/logo.png', style: 'background:url(https://shop.test/dot.png)' };
    await resolveAssets([{ type: EventType.FullSnapshot, timestamp: 60_000, data: { node: el(1, 'img', attributes) } }], src, captured);
    expect(attributes).toEqual({ src: `https://dash.test/api/assets/${LOGO}`, style: 'background:url(data:image/png;base64,AAAA)' });
  });

  it('takes the copy a URL had at the time when the tab captured it again later', () => {
    const manifest: CapturedAsset[] = [
      { tab: 't1', t: 10, url: 'https://shop.test/logo.png', data: assetRef(LOGO) },
      { tab: 't1', t: 30, url: 'https://shop.test/logo.png', data: assetRef(CANVAS) },
    ];
    expect(capturedAsOf(manifest, 't1', 20, source({})).get('https://shop.test/logo.png')).toBe(`https://dash.test/api/assets/${LOGO}`);
    expect(capturedAsOf(manifest, 't1', 40, source({})).get('https://shop.test/logo.png')).toBe(`https://dash.test/api/assets/${CANVAS}`);
  });

  it('leaves events without references or captured URLs as they were', async () => {
    const events: RecordedEvent[] = [
      { type: EventType.FullSnapshot, timestamp: 1, data: { node: el(1, 'img', { src: 'https://shop.test/a.png', style: 'background:url(b.png)' }) } },
    ];
    const before = JSON.stringify(events);
    const src = source({});
    await resolveAssets(events, src);
    expect(JSON.stringify(events)).toBe(before);
    expect(src.asked).toEqual([]);
  });
});
