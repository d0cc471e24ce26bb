/**
 * Scaling for the overview's plain SVG charts: counts on an axis from zero with round ticks,
 * and bar geometry. Pure, so it is tested without a browser.
 */

export interface CountScale {
  /** The axis top: the last tick, at or above the largest value. */
  max: number;
  /** From 0 up to `max` in equal whole steps. */
  ticks: number[];
}

/** The smallest of 1, 2 and 5 × a power of ten that is at least `n` (and at least 1: counts are whole). */
function roundStep(n: number): number {
  if (n <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(n));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= n) return factor * power;
  return 10 * power;
}

/** An axis for counts: about `tickCount` steps of a round size, the top at or above every value. */
export function countScale(values: readonly number[], tickCount = 4): CountScale {
  const largest = Math.max(0, ...values.filter((v) => Number.isFinite(v)));
  const step = roundStep(largest / tickCount);
  const max = Math.max(step, Math.ceil(largest / step) * step);
  const ticks: number[] = [];
  for (let tick = 0; tick <= max; tick += step) ticks.push(tick);
  return { max, ticks };
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * One column per value across `width`, growing up from the bottom of `height` so that `max`
 * reaches the top; `gap` is the share of each slot left empty between columns.
 */
export function columnBars(values: readonly number[], width: number, height: number, max: number, gap = 0.25): Bar[] {
  if (values.length === 0) return [];
  const slot = width / values.length;
  const barWidth = slot * (1 - gap);
  return values.map((value, i) => {
    const barHeight = max > 0 ? (Math.min(Math.max(0, value), max) / max) * height : 0;
    return { x: i * slot + (slot - barWidth) / 2, y: height - barHeight, width: barWidth, height: barHeight };
  });
}

/** Each value as a percentage of the largest, for horizontal bars (all 0 when every value is). */
export function shareOfLargest(values: readonly number[]): number[] {
  const largest = Math.max(0, ...values);
  return values.map((value) => (largest > 0 ? (Math.max(0, value) / largest) * 100 : 0));
}
