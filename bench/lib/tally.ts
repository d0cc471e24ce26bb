/**
 * Checks a stored replay against what the server acknowledged, by the mark each sent event
 * carries (see eventMark): every acknowledged event must be stored exactly once. Events stored
 * although their request was never acknowledged (the answer was lost) are allowed, once.
 */

export interface Tally {
  acknowledged: number;
  storedOnce: number;
  /** Acknowledged, not stored. */
  lost: number;
  /** Stored more than once (counting each extra copy). */
  doubled: number;
  /** Stored once without an acknowledgement. */
  unacknowledged: number;
  /** Stored events without a mark: the pipeline rewrote or invented them. */
  unmarked: number;
}

export function tallyMarks(acknowledged: Iterable<string>, stored: Iterable<{ benchId?: unknown }>): Tally {
  const counts = new Map<string, number>();
  let unmarked = 0;
  for (const event of stored) {
    if (typeof event.benchId !== 'string') unmarked++;
    else counts.set(event.benchId, (counts.get(event.benchId) ?? 0) + 1);
  }
  const tally: Tally = { acknowledged: 0, storedOnce: 0, lost: 0, doubled: 0, unacknowledged: 0, unmarked };
  for (const mark of new Set(acknowledged)) {
    tally.acknowledged++;
    const n = counts.get(mark) ?? 0;
    counts.delete(mark);
    if (n === 0) tally.lost++;
    else tally.storedOnce++;
    if (n > 1) tally.doubled += n - 1;
  }
  for (const n of counts.values()) {
    tally.unacknowledged++;
    if (n > 1) tally.doubled += n - 1;
  }
  return tally;
}

export function addTallies(a: Tally, b: Tally): Tally {
  return {
    acknowledged: a.acknowledged + b.acknowledged,
    storedOnce: a.storedOnce + b.storedOnce,
    lost: a.lost + b.lost,
    doubled: a.doubled + b.doubled,
    unacknowledged: a.unacknowledged + b.unacknowledged,
    unmarked: a.unmarked + b.unmarked,
  };
}

export const EMPTY_TALLY: Tally = { acknowledged: 0, storedOnce: 0, lost: 0, doubled: 0, unacknowledged: 0, unmarked: 0 };
