import { describe, expect, it } from 'vitest';
import { addSeqs, hasSeq } from './seq-ranges.ts';

describe('seq ranges', () => {
  it('merges contiguous and overlapping seqs into ranges', () => {
    expect(addSeqs([], [3, 1, 2, 7, 5, 6, 10])).toEqual([[1, 3], [5, 7], [10, 10]]);
    expect(addSeqs([[1, 3], [10, 12]], [4, 9, 2])).toEqual([[1, 4], [9, 12]]);
  });

  it('answers membership exactly, including gaps', () => {
    const ranges = addSeqs([], [0, 1, 2, 5, 6, 9]);
    const members = Array.from({ length: 12 }, (_, i) => i).filter((i) => hasSeq(ranges, i));
    expect(members).toEqual([0, 1, 2, 5, 6, 9]);
    expect(hasSeq([], 0)).toBe(false);
  });

  it('does not change the ranges it was given', () => {
    const ranges: Array<[number, number]> = [[1, 2]];
    addSeqs(ranges, [3]);
    expect(ranges).toEqual([[1, 2]]);
  });
});
