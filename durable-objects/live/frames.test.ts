import { describe, expect, it } from 'vitest';
import type { LiveMessage, RecordedEvent } from '../../wire/index.ts';
import { endedFrame, eventFrames } from './frames.ts';

const event = (timestamp: number, text = ''): RecordedEvent => ({ type: 3, timestamp, data: { text } });
const parse = (frame: string) => JSON.parse(frame) as LiveMessage;

describe('eventFrames', () => {
  it('sends a small batch as one events message', () => {
    const events = [event(1), event(2)];
    expect(eventFrames('k3x9', 7, events).map(parse)).toEqual([{ type: 'events', tab: 'k3x9', seq: 7, events }]);
  });

  it('splits a large batch into frames within the budget, keeping every event once and in order, each with the seq', () => {
    const events = Array.from({ length: 50 }, (_, i) => event(i, 'x'.repeat(100)));
    const frames = eventFrames('a', 12, events, 1_000);
    expect(frames.length).toBeGreaterThan(5);
    for (const frame of frames) expect(frame.length).toBeLessThanOrEqual(1_000);
    expect(new Set(frames.map((f) => (parse(f) as { seq: number }).seq))).toEqual(new Set([12]));
    expect(frames.map(parse).flatMap((m) => (m.type === 'events' ? m.events : []))).toEqual(events);
  });

  it('sends an event larger than the budget alone rather than dropping it', () => {
    const events = [event(1), event(2, 'y'.repeat(5_000)), event(3)];
    const frames = eventFrames('a', 0, events, 1_000).map(parse);
    expect(frames.map((m) => (m.type === 'events' ? m.events.length : 0))).toEqual([1, 1, 1]);
  });

  it('sends nothing for no events', () => {
    expect(eventFrames('a', 0, [])).toEqual([]);
  });
});

it('ended is a bare message', () => {
  expect(parse(endedFrame())).toEqual({ type: 'ended' });
});
