/** Nearest-rank percentile (0 < p ≤ 100) of unsorted samples; NaN when there are none. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
}

/** Rounds for reports: two decimals below 10, one below 1,000, none above. */
export function round(n: number): number {
  const decimals = Math.abs(n) < 10 ? 2 : Math.abs(n) < 1_000 ? 1 : 0;
  return Math.round(n * 10 ** decimals) / 10 ** decimals;
}
