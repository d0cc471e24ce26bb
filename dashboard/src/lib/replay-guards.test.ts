import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../../wire/index.ts';
import { assertSandboxed, firstViewport, unreplayableReason, UnsandboxedReplayError } from './replay-guards.ts';

const meta: RecordedEvent = { type: 4, timestamp: 1, data: { href: 'https://a.test/', width: 390, height: 844 } };
const snapshot: RecordedEvent = { type: 2, timestamp: 2, data: { node: {}, initialOffset: { top: 0, left: 0 } } };
const move: RecordedEvent = { type: 3, timestamp: 3, data: { source: 1, positions: [] } };

/** Just enough of an iframe for the check: the attribute and its token list. */
function frame(sandbox: string | null): HTMLIFrameElement {
  const tokens = sandbox === null ? [] : sandbox.split(/\s+/).filter(Boolean);
  return {
    hasAttribute: (name: string) => name === 'sandbox' && sandbox !== null,
    sandbox: { contains: (token: string) => tokens.includes(token) },
  } as unknown as HTMLIFrameElement;
}

describe('assertSandboxed', () => {
  it('accepts a sandbox without allow-scripts', () => {
    expect(() => assertSandboxed(frame('allow-same-origin'))).not.toThrow();
    expect(() => assertSandboxed(frame(''))).not.toThrow();
  });

  it('refuses a frame without a sandbox or with allow-scripts', () => {
    expect(() => assertSandboxed(frame(null))).toThrow(/not sandboxed/);
    expect(() => assertSandboxed(frame('allow-same-origin allow-scripts'))).toThrow(/not sandboxed/);
    // The player tells this refusal apart from rrweb failing to start.
    expect(() => assertSandboxed(frame(null))).toThrow(UnsandboxedReplayError);
  });
});

describe('unreplayableReason', () => {
  it('needs a full snapshot and at least two events', () => {
    expect(unreplayableReason([meta, snapshot, move])).toBeNull();
    expect(unreplayableReason([meta, move])).toMatch(/no page snapshot/);
    expect(unreplayableReason([snapshot])).toMatch(/no page snapshot/);
    expect(unreplayableReason([])).toMatch(/no page snapshot/);
  });
});

describe('firstViewport', () => {
  it('reads width and height from the first Meta event', () => {
    expect(firstViewport([snapshot, meta])).toEqual({ width: 390, height: 844 });
  });

  it('returns null without a usable Meta event', () => {
    expect(firstViewport([snapshot, move])).toBeNull();
    expect(firstViewport([{ type: 4, timestamp: 1, data: { width: 0, height: 10 } }])).toBeNull();
    expect(firstViewport([{ type: 4, timestamp: 1, data: null }])).toBeNull();
  });
});
