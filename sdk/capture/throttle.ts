/**
 * A fixed-window counter per key: true while `key` has had fewer than `max` calls in the current
 * `windowMs` window. Time is passed in, so it is a pure state machine.
 */
export function createThrottle(max: number, windowMs: number): (key: string, nowMs: number) => boolean {
  const windows = new Map<string, { start: number; count: number }>();
  return (key, nowMs) => {
    let w = windows.get(key);
    if (!w || nowMs - w.start >= windowMs || nowMs < w.start) windows.set(key, (w = { start: nowMs, count: 0 }));
    return ++w.count <= max;
  };
}
