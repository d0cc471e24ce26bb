import { describe, expect, it } from 'vitest';
import { CustomTag, type ClickPayload, type RecordedEvent } from '../../../wire/index.ts';
import { CLICKABLE, INTERACTIVE } from './dead.ts';
import { deriveClicks, type ClickFacts } from './derived.ts';
import { createRageTracker } from './rage.ts';
import { buildSelector, looksGenerated, type ElementLike } from './selector.ts';

interface Spec {
  tag: string;
  id?: string;
  cls?: string;
  kids?: Spec[];
}

/** Builds a tiny element tree; returns elements by path like 'body/div/button'. */
function tree(spec: Spec, parent: ElementLike | null = null): ElementLike {
  const el: ElementLike & { children: ElementLike[] } = {
    tagName: spec.tag.toUpperCase(),
    id: spec.id ?? '',
    parentElement: parent,
    children: [],
    getAttribute: (name) => (name === 'class' ? (spec.cls ?? null) : null),
  };
  el.children = (spec.kids ?? []).map((k) => tree(k, el));
  return el;
}
const child = (el: ElementLike, ...indexes: number[]): ElementLike =>
  indexes.reduce((e, i) => (e.children as ElementLike[])[i]!, el);

describe('selector', () => {
  it('uses a readable id and stops there', () => {
    const root = tree({ tag: 'html', kids: [{ tag: 'body', kids: [{ tag: 'main', id: 'app', kids: [{ tag: 'button', id: 'save' }] }] }] });
    expect(buildSelector(child(root, 0, 0, 0))).toBe('#save');
    expect(buildSelector(child(root, 0, 0))).toBe('#app');
    expect(buildSelector(child(root, 0))).toBe('body');
    expect(buildSelector(root)).toBe('html');
  });

  it('skips generated ids and classes, keeps up to 2 readable classes', () => {
    const root = tree({
      tag: 'body',
      kids: [{ tag: 'div', id: 'app', kids: [{ tag: 'button', id: ':r1:', cls: 'btn css-1x2y3z btn-primary large' }] }],
    });
    expect(buildSelector(child(root, 0, 0))).toBe('#app > button.btn.btn-primary');
    for (const id of [':r1:', 'react-select-123-input', 'a1b2c3d4e5', '9lives', 'css-abc', 'sc-bdVaJa', 'ember123']) expect(looksGenerated(id), id).toBe(true);
    for (const id of ['save', 'main-nav', 'checkout_button', 'h1', 'col-12']) expect(looksGenerated(id), id).toBe(false);
  });

  it('adds nth-of-type only when siblings share the tag, and walks at most 4 ancestors', () => {
    const root = tree({
      tag: 'body',
      kids: [
        {
          tag: 'section',
          kids: [
            {
              tag: 'div',
              cls: 'a',
              kids: [{ tag: 'ul', kids: [{ tag: 'li', kids: [{ tag: 'span' }] }, { tag: 'li', kids: [{ tag: 'span' }, { tag: 'b' }] }] }],
            },
          ],
        },
      ],
    });
    const span = child(root, 0, 0, 0, 1, 0);
    expect(buildSelector(span)).toBe('section > div.a > ul > li:nth-of-type(2) > span');
    const deeper = tree({ tag: 'body', kids: [{ tag: 'div', kids: [{ tag: 'div', kids: [{ tag: 'div', kids: [{ tag: 'div', kids: [{ tag: 'div', kids: [{ tag: 'i' }] }] }] }] }] }] });
    expect(buildSelector(child(deeper, 0, 0, 0, 0, 0, 0))).toBe('div > div > div > div > i');
  });

  it('escapes odd characters', () => {
    const root = tree({ tag: 'body', kids: [{ tag: 'a', id: 'x.y', cls: 'w-1/2' }] });
    expect(buildSelector(child(root, 0))).toBe('#x\\.y');
  });
});

const click = (x: number, y: number, selector = 'button'): ClickPayload => ({ selector, text: 'Go', x, y });

describe('rage clicks', () => {
  it('reports one rage per burst of 3+ clicks within 1 s, when the burst ends, with the count', () => {
    const rage = createRageTracker();
    const target = {};
    expect(rage.click(target, click(10, 10), 0)).toBeNull();
    expect(rage.click(target, click(10, 10), 300)).toBeNull();
    expect(rage.click(target, click(10, 10), 600)).toBeNull();
    expect(rage.click(target, click(10, 10), 900)).toBeNull();
    expect(rage.end()).toEqual({ ...click(10, 10), count: 4 });
    expect(rage.end()).toBeNull();
  });

  it('needs 3 clicks inside one second: a steady click every 600 ms is not rage', () => {
    const rage = createRageTracker();
    const target = {};
    for (let t = 0; t <= 3000; t += 600) expect(rage.click(target, click(0, 0), t)).toBeNull();
    expect(rage.end()).toBeNull();
  });

  it('a gap over 1 s, or a click elsewhere, ends the burst', () => {
    const rage = createRageTracker();
    const a = {};
    const b = {};
    rage.click(a, click(0, 0), 0);
    rage.click(a, click(0, 0), 100);
    rage.click(a, click(0, 0), 200);
    // Another element far away: ends the raging burst, which is returned.
    expect(rage.click(b, click(500, 500, 'a'), 300)).toEqual({ ...click(0, 0), count: 3 });
    rage.click(b, click(500, 500, 'a'), 400);
    expect(rage.click(b, click(500, 500, 'a'), 1500)).toBeNull(); // 1.1 s gap: new burst, old one had 2
    expect(rage.end()).toBeNull();
  });

  it('counts different elements within 30 px as the same spot', () => {
    const rage = createRageTracker();
    rage.click({}, click(100, 100), 0);
    rage.click({}, click(110, 120), 200);
    rage.click({}, click(125, 130), 400);
    expect(rage.end()).toEqual({ ...click(100, 100), count: 3 });
    rage.click({}, click(0, 0), 0);
    rage.click({}, click(40, 0), 100);
    rage.click({}, click(80, 0), 200);
    expect(rage.end()).toBeNull();
  });
});

describe('dead clicks', () => {
  it('only checks elements that clicks are reported on (INTERACTIVE narrows CLICKABLE)', () => {
    const clickable = CLICKABLE.split(',');
    for (const selector of INTERACTIVE.split(',')) {
      // `input[type=submit]` narrows `input`; a bare attribute selector must appear as it is.
      const base = selector.startsWith('[') ? selector : selector.replace(/\[.*$/, '');
      expect(clickable, selector).toContain(base);
    }
  });
});

describe('deriveClicks', () => {
  /** A recording as the client takes it; `click` adds a Click signal with its facts. */
  function recording() {
    const facts = new WeakMap<ClickPayload, ClickFacts>();
    const derived: Array<[string, unknown]> = [];
    const d = deriveClicks(facts, (tag, payload) => derived.push([tag, payload]));
    const target = {} as Element;
    return {
      derived,
      d,
      click(atMs: number, payload = click(10, 10), deadCandidate = true) {
        facts.set(payload, { target, deadCandidate });
        d.observe({ type: 5, timestamp: atMs, data: { tag: CustomTag.Click, payload } });
        return payload;
      },
      event: (atMs: number, data: object, type = 3) => d.observe({ type, timestamp: atMs, data } as RecordedEvent),
    };
  }

  it('reports a candidate click dead once the window passes without a response after it', () => {
    const r = recording();
    // A focus that comes with the press comes before the click, in the same millisecond.
    r.event(1_000, { source: 2, type: 5, id: 1 });
    const p = r.click(1_000);
    r.event(1_500, { source: 1, positions: [] }); // a mouse move is no response
    expect(r.d.due()).toBe(1_000 + 1_001); // the burst ends first
    r.d.settle(2_500);
    expect(r.d.due()).toBe(4_000);
    r.d.settle(3_999);
    expect(r.derived).toEqual([]);
    r.d.settle(4_000);
    expect(r.derived).toEqual([[CustomTag.DeadClick, p]]);
    expect(r.d.due()).toBeNull();
  });

  it('is not dead after a mutation, scroll, input, focus or URL change, even in the same millisecond', () => {
    const responses: Array<[object, number?]> = [
      [{ source: 0, adds: [], removes: [], texts: [], attributes: [] }],
      [{ source: 3, id: 1, x: 0, y: 9 }],
      [{ source: 5, id: 1, text: '*' }],
      [{ source: 2, type: 5, id: 1 }],
      [{ tag: CustomTag.Navigation, payload: { href: 'https://a.test/#2', kind: 'hashchange' } }, 5],
    ];
    for (const [data, type] of responses) {
      const r = recording();
      r.click(1_000);
      r.event(1_000, data, type);
      r.d.settle(10_000);
      expect(r.derived, JSON.stringify(data)).toEqual([]);
    }
  });

  it('ends what is due at the next event, as recorded before the client came, and checks one click at a time', () => {
    const r = recording();
    const first = r.click(1_000);
    r.click(2_500, click(300, 300), true); // during the first check: not checked itself
    r.event(4_200, { source: 1, positions: [] });
    expect(r.derived).toEqual([[CustomTag.DeadClick, first]]);
    r.click(5_000, click(0, 0), false); // not a candidate
    r.d.settle(9_000);
    expect(r.derived).toHaveLength(1);
  });

  it('reports rage from the clicks as they were recorded, when the burst ends', () => {
    const r = recording();
    const first = r.click(0, click(10, 10), false);
    for (const t of [200, 400, 600]) r.click(t, click(12, 10), false);
    expect(r.d.due()).toBe(1_601);
    r.d.settle(1_600);
    expect(r.derived).toEqual([]);
    r.d.settle(1_601);
    expect(r.derived).toEqual([[CustomTag.RageClick, { ...first, count: 4 }]]);
    expect(r.d.due()).toBeNull();
  });
});
