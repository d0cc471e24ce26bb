import { describe, expect, it } from 'vitest';
import { customData } from '../../wire/index.ts';
import { GapTracker } from './gaps.ts';

const T = 1_750_000_000_000;

describe('GapTracker', () => {
  it('sums drops per reason into one marker each', () => {
    const gaps = new GapTracker();
    expect(gaps.isEmpty).toBe(true);
    gaps.add('buffer-full', 10, 1_000);
    gaps.add('buffer-full', 5, 500);
    gaps.add('send-failed', 3, 300);
    gaps.add('too-large', 0, 0);
    const markers = gaps.takeMarkers(T);
    expect(markers.map((m) => m.payload)).toEqual([
      { droppedEvents: 15, droppedBytes: 1_500, reason: 'buffer-full' },
      { droppedEvents: 3, droppedBytes: 300, reason: 'send-failed' },
    ]);
    expect(markers[0].event).toMatchObject({ type: 5, timestamp: T });
    expect(customData(markers[0].event)).toEqual({ tag: 'er.gap', payload: markers[0].payload });
    expect(gaps.isEmpty).toBe(true);
    expect(gaps.takeMarkers(T)).toEqual([]);
  });

  it('carries markers that were lost with a dropped batch into the next one', () => {
    const gaps = new GapTracker();
    gaps.add('send-failed', 4, 40);
    const lost = gaps.takeMarkers(T).map((m) => m.payload);
    gaps.restore(lost);
    gaps.add('send-failed', 6, 60);
    expect(gaps.takeMarkers(T).map((m) => m.payload)).toEqual([{ droppedEvents: 10, droppedBytes: 100, reason: 'send-failed' }]);
  });
});
