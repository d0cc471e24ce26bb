import { describe, expect, it } from 'vitest';
import type { SessionComment } from '../../../wire/comments.ts';
import { PIN_WINDOW_MS, commentHref, commentsOfTab, pinsAt, popoverPlacement, stagePoint } from './comments.ts';
import { parseRoute } from './route.ts';

const START = 1_760_000_000_000;
const SESSION = '01923f4e-7b1c-7a2d-8e3f-0123456789ab';
const comment = (id: string, t: number, tab = 'main'): SessionComment => ({
  id,
  tab,
  t,
  x: 0.5,
  y: 0.5,
  body: `comment ${id}`,
  author: 'Ada',
  createdAt: START,
});
const ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

describe('commentsOfTab', () => {
  it("keeps the tab's comments, in time order, placed from the tab's start", () => {
    const placed = commentsOfTab([comment('b', START + 9_000), comment('x', START + 1_000, 'other'), comment('a', START + 2_000)], { tab: 'main', startTime: START });
    expect(placed.map((c) => [c.id, c.offset])).toEqual([
      ['a', 2_000],
      ['b', 9_000],
    ]);
  });

  it('places a comment made before the tab started at its start', () => {
    expect(commentsOfTab([comment('a', START - 50)], { tab: 'main', startTime: START })[0]!.offset).toBe(0);
  });
});

describe('pinsAt', () => {
  const placed = commentsOfTab([comment('a', START + 10_000), comment('b', START + 20_000)], { tab: 'main', startTime: START });

  it('shows a pin only while playback is near its moment', () => {
    expect(pinsAt(placed, 10_000).map((c) => c.id)).toEqual(['a']);
    expect(pinsAt(placed, 10_000 - PIN_WINDOW_MS).map((c) => c.id)).toEqual(['a']);
    expect(pinsAt(placed, 10_000 + PIN_WINDOW_MS + 1)).toEqual([]);
    expect(pinsAt(placed, 15_000)).toEqual([]);
    expect(pinsAt(placed, 19_000).map((c) => c.id)).toEqual(['b']);
  });
});

describe('commentHref', () => {
  it("opens the comment's tab at its offset, with the comment named", () => {
    const href = commentHref('demo', SESSION, comment(ID, START + 61_000), START);
    expect(href).toBe(`#/sessions/demo/${SESSION}?tab=main&t=61000&comment=${ID}`);
    expect(parseRoute(href)).toEqual({ name: 'player', projectId: 'demo', sessionId: SESSION, tab: 'main', t: 61_000, at: null, comment: ID });
  });
});

describe('stagePoint', () => {
  const box = { left: 100, top: 50, width: 400, height: 200 };

  it('gives fractions of the box', () => {
    expect(stagePoint(200, 100, box)).toEqual({ x: 0.25, y: 0.25 });
    expect(stagePoint(500, 250, box)).toEqual({ x: 1, y: 1 });
  });

  it('clamps points outside the box and copes with an empty one', () => {
    expect(stagePoint(0, 900, box)).toEqual({ x: 0, y: 1 });
    expect(stagePoint(10, 10, { left: 0, top: 0, width: 0, height: 0 })).toEqual({ x: 0.5, y: 0.5 });
  });
});

describe('popoverPlacement', () => {
  it('opens away from the nearer edges', () => {
    expect(popoverPlacement({ x: 0.2, y: 0.1 })).toEqual({ left: '20.00%', top: '10.00%' });
    expect(popoverPlacement({ x: 0.9, y: 0.75 })).toEqual({ right: '10.00%', bottom: '25.00%' });
  });
});
