import { describe, expect, it } from 'vitest';
import { CustomTag, EventType } from '../../wire/index.ts';
import { finalizedSeqs, NO_WORK, publicManifest, stateFromManifest, storedManifest, type SessionState } from './state.ts';
import { summarize } from './summary.ts';

const state: SessionState = {
  projectId: 'p',
  sessionId: '019ab000-0000-7000-8000-000000000001',
  userAgent: null,
  country: 'NL',
  startedAt: 1,
  summary: summarize([
    { type: EventType.Meta, timestamp: 10, data: { href: 'https://a/' } },
    { type: EventType.Custom, timestamp: 11, data: { tag: CustomTag.Error, payload: { kind: 'error', message: 'x' } } },
  ], undefined, 't1'),
  segments: [{ index: 0, tab: 't1', startTime: 10, endTime: 11, eventCount: 2, bytes: 50 }],
  finalized: { t1: [[0, 4]] },
  bytesReceived: 900,
  meter: { doRowsWritten: 5, r2Puts: 1, r2Bytes: 50, segments: 1 },
};

describe('the manifest as the DO stores it', () => {
  it('round-trips the state a late batch needs, with markers and segments stored once', () => {
    const stored = storedManifest(state, 10, 11);
    expect(stored.markers.map((m) => m.kind)).toEqual(['navigation', 'error']);
    expect(stored.recorder.summary).not.toHaveProperty('markers');
    expect(stored.recorder).not.toHaveProperty('segments');
    expect(stateFromManifest(JSON.parse(JSON.stringify(stored)))).toEqual({ ...state, meter: NO_WORK });
  });
  it('gives the dashboard the manifest without the resume state, and tolerates manifests without markers', () => {
    const shown = publicManifest(storedManifest(state, 10, 11));
    expect(shown).not.toHaveProperty('recorder');
    const { markers: _m, ...old } = shown;
    expect(publicManifest(old as typeof shown).markers).toEqual([]);
    expect(stateFromManifest(old as never)).toBeNull();
  });
});

it("reads a tab's finalised seqs from own keys only", () => {
  expect(finalizedSeqs(state.finalized, 't1')).toEqual([[0, 4]]);
  expect(finalizedSeqs(state.finalized, 'constructor')).toEqual([]);
});
