import type { ClickPayload, RageClickPayload } from '../../../wire/index.ts';
import { RAGE_CLICK_COUNT, RAGE_CLICK_RADIUS_PX, RAGE_CLICK_WINDOW_MS } from '../constants.ts';

interface Burst {
  first: ClickPayload;
  last: ClickPayload;
  target: unknown;
  /** Click times, newest last. */
  times: number[];
  raging: boolean;
}

export interface RageTracker {
  /** Adds a click; returns the rage of the burst this click ended, if that burst raged. */
  click(target: unknown, payload: ClickPayload, nowMs: number): RageClickPayload | null;
  /** Ends the current burst (no click for RAGE_CLICK_WINDOW_MS); returns its rage, if any. */
  end(): RageClickPayload | null;
}

/**
 * Rage clicks as a pure state machine. A burst goes on while each click comes within
 * RAGE_CLICK_WINDOW_MS of the previous one and hits the same element or lands within
 * RAGE_CLICK_RADIUS_PX of the previous click. It rages once RAGE_CLICK_COUNT of its clicks fall
 * within one RAGE_CLICK_WINDOW_MS, and is reported once, when it ends, with its count and first click.
 */
export function createRageTracker(): RageTracker {
  let burst: Burst | null = null;
  const end = (): RageClickPayload | null => {
    const b = burst;
    burst = null;
    return b && b.raging ? { ...b.first, count: b.times.length } : null;
  };
  return {
    end,
    click(target, payload, nowMs) {
      const b = burst;
      const times = b ? b.times : [];
      const gap = nowMs - times[times.length - 1]!;
      if (b && gap >= 0 && gap <= RAGE_CLICK_WINDOW_MS && (b.target == target || Math.hypot(payload.x - b.last.x, payload.y - b.last.y) <= RAGE_CLICK_RADIUS_PX)) {
        times.push(nowMs);
        b.raging ||= nowMs - times[times.length - RAGE_CLICK_COUNT]! <= RAGE_CLICK_WINDOW_MS;
        b.target = target;
        b.last = payload;
        return null;
      }
      const ended = end();
      burst = { first: payload, last: payload, target, times: [nowMs], raging: false };
      return ended;
    },
  };
}
