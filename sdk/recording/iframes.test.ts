import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../wire/index.ts';
import { isEmptyIframeAttach } from './iframes.ts';

const attach = (node: unknown, extra: Record<string, unknown> = {}): RecordedEvent => ({
  type: 3,
  timestamp: 1,
  data: { source: 0, adds: [{ parentId: 30, nextId: null, node }], removes: [], texts: [], attributes: [], isAttachIframe: true, ...extra },
});
const html = { type: 2, tagName: 'html', attributes: {}, childNodes: [], id: 37 };

describe('isEmptyIframeAttach', () => {
  it('is true for an attached document without nodes', () => {
    expect(isEmptyIframeAttach(attach({ type: 0, childNodes: [], id: 36 }))).toBe(true);
  });

  it('is false for an attached document with content, and for other mutations', () => {
    expect(isEmptyIframeAttach(attach({ type: 0, childNodes: [html], id: 36 }))).toBe(false);
    expect(isEmptyIframeAttach(attach({ type: 0, childNodes: [], id: 36 }, { isAttachIframe: undefined }))).toBe(false);
    expect(isEmptyIframeAttach(attach({ type: 2, tagName: 'div', attributes: {}, childNodes: [], id: 36 }))).toBe(false);
    expect(isEmptyIframeAttach({ ...attach({ type: 0, childNodes: [], id: 36 }), type: 2 })).toBe(false);
    expect(isEmptyIframeAttach({ type: 3, timestamp: 1, data: { source: 3, id: 1, x: 0, y: 0 } })).toBe(false);
  });

  it('is false for malformed data', () => {
    for (const data of [null, 'x', { source: 0, isAttachIframe: true }, { source: 0, isAttachIframe: true, adds: [null] }]) {
      expect(isEmptyIframeAttach({ type: 3, timestamp: 1, data })).toBe(false);
    }
    expect(isEmptyIframeAttach(attach({ type: 0, id: 36 }))).toBe(false);
  });
});
