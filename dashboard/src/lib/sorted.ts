/**
 * The index of the last item whose key is at or before `value`, or -1 when none is: `items` are
 * sorted by `key`. The player asks it per animation frame (the segment and the panel entry
 * playback has reached), so it searches instead of scanning.
 */
export function lastAtOrBefore<T>(items: readonly T[], value: number, key: (item: T) => number): number {
  let low = 0;
  let high = items.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (key(items[mid]!) <= value) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}
