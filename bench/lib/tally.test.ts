import { describe, expect, it } from 'vitest';
import { addTallies, EMPTY_TALLY, tallyMarks } from './tally.ts';

const stored = (...marks: Array<string | undefined>) => marks.map((benchId) => ({ benchId }));

describe('tallyMarks', () => {
  it('counts every acknowledged event stored once', () => {
    expect(tallyMarks(['0.0', '0.1', '1.0'], stored('0.0', '0.1', '1.0'))).toEqual({
      acknowledged: 3,
      storedOnce: 3,
      lost: 0,
      doubled: 0,
      unacknowledged: 0,
      unmarked: 0,
    });
  });

  it('finds lost, doubled, unacknowledged and unmarked events', () => {
    const tally = tallyMarks(['0.0', '0.1', '1.0'], stored('0.0', '0.0', '0.0', '1.0', '2.0', '2.0', undefined));
    expect(tally).toEqual({ acknowledged: 3, storedOnce: 2, lost: 1, doubled: 3, unacknowledged: 1, unmarked: 1 });
  });

  it('adds tallies field by field', () => {
    const one = tallyMarks(['0.0'], stored('0.0'));
    expect(addTallies(addTallies(EMPTY_TALLY, one), one)).toMatchObject({ acknowledged: 2, storedOnce: 2 });
  });
});
