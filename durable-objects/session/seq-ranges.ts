/**
 * Sets of batch seqs stored as sorted, non-overlapping inclusive ranges: sessions send seqs
 * almost contiguously, so a whole session's history stays a few numbers long.
 */
export type SeqRanges = Array<[number, number]>;

export function hasSeq(ranges: SeqRanges, seq: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end] = ranges[mid]!;
    if (seq < start) hi = mid - 1;
    else if (seq > end) lo = mid + 1;
    else return true;
  }
  return false;
}

export function addSeqs(ranges: SeqRanges, seqs: Iterable<number>): SeqRanges {
  const all = [...ranges.map(([s, e]) => [s, e] as [number, number]), ...[...seqs].map((s) => [s, s] as [number, number])];
  all.sort((a, b) => a[0] - b[0]);
  const merged: SeqRanges = [];
  for (const [start, end] of all) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}
