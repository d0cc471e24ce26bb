import { describe, expect, it } from 'vitest';
import { assetRef, ASSET_TAG, type CapturedAsset, type RecordedEvent } from '../../wire/index.ts';
import { addCapturedAsset, MAX_CAPTURED_ASSET_CHARS } from './captured-assets.ts';
import { storedManifest, stateFromManifest, publicManifest, type SessionState } from './state.ts';
import { summarize } from './summary.ts';

const ref = (n: number) => assetRef(n.toString(16).padStart(64, '0'));

describe('addCapturedAsset', () => {
  it("indexes a tab's captured URLs once per copy, from the time each copy was captured", () => {
    const assets: CapturedAsset[] = [];
    addCapturedAsset(assets, { url: 'https://a/logo.png', data: ref(1) }, 10, 't1');
    addCapturedAsset(assets, { url: 'https://a/logo.png', data: ref(1) }, 20, 't1');
    addCapturedAsset(assets, { url: 'https://a/logo.png', data: ref(1) }, 25, 't2');
    addCapturedAsset(assets, { url: 'https://a/logo.png', data: ref(2) }, 30, 't1');
    addCapturedAsset(assets, { url: 'https://a/dot.png', data: 'data:image/png;base64,AAAA' }, 40, 't1');
    expect(assets).toEqual([
      { tab: 't1', t: 10, url: 'https://a/logo.png', data: ref(1) },
      { tab: 't2', t: 25, url: 'https://a/logo.png', data: ref(1) },
      { tab: 't1', t: 30, url: 'https://a/logo.png', data: ref(2) },
      { tab: 't1', t: 40, url: 'https://a/dot.png', data: 'data:image/png;base64,AAAA' },
    ]);
  });

  it('keeps out malformed payloads, long inline data, long URLs, and anything over the cap', () => {
    const assets: CapturedAsset[] = [];
    for (const payload of [null, { url: 'https://a/x' }, { url: 1, data: ref(1) }, { url: 'https://a/x', data: 'javascript:1' },
      { url: 'https://a/x', data: `data:image/png;base64,${'A'.repeat(2_000)}` }, { url: `https://a/${'x'.repeat(3_000)}`, data: ref(1) }]) {
      addCapturedAsset(assets, payload, 1, 't');
    }
    expect(assets).toEqual([]);
    for (let i = 0; i < 2_000; i++) addCapturedAsset(assets, { url: `https://a/${i}`, data: ref(i) }, i, 't');
    const chars = assets.reduce((n, a) => n + a.url.length + a.data.length, 0);
    expect(chars).toBeLessThanOrEqual(MAX_CAPTURED_ASSET_CHARS);
    expect(chars).toBeGreaterThan(MAX_CAPTURED_ASSET_CHARS - 100);
  });
});

describe('captured assets in the manifest', () => {
  const signal = (t: number, url: string, data: string): RecordedEvent => ({ type: 5, timestamp: t, data: { tag: ASSET_TAG, payload: { url, data } } });

  it('come from the summary of each tab, are stored once in the manifest, and come back for a late batch', () => {
    const summary = summarize([signal(5, 'https://a/logo.png', ref(1))], summarize([signal(3, 'https://a/bg.png', ref(2))], undefined, 't1'), 't2');
    const state: SessionState = {
      projectId: 'p',
      sessionId: '019ab000-0000-7000-8000-000000000001',
      userAgent: null,
      country: null,
      startedAt: 1,
      summary,
      segments: [],
      finalized: {},
      bytesReceived: 0,
      meter: { doRowsWritten: 0, r2Puts: 0, r2Bytes: 0, segments: 0 },
    };
    const stored = storedManifest(state, 1, 5);
    expect(stored.assets).toEqual([
      { tab: 't1', t: 3, url: 'https://a/bg.png', data: ref(2) },
      { tab: 't2', t: 5, url: 'https://a/logo.png', data: ref(1) },
    ]);
    expect(stored.recorder.summary).not.toHaveProperty('assets');
    expect(stateFromManifest(JSON.parse(JSON.stringify(stored)))?.summary.assets).toEqual(stored.assets);
    const { assets: _a, ...old } = publicManifest(stored);
    expect(publicManifest(old as never).assets).toEqual([]);
  });

  it('continue from a state stored before assets were indexed', () => {
    const { assets: _a, ...older } = summarize([]);
    expect(summarize([signal(1, 'https://a/x.png', ref(3))], older as never, 't').assets).toHaveLength(1);
  });
});
