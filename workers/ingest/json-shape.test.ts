import { describe, expect, it } from 'vitest';
import { MIN_ASSET_CHARS } from '../../wire/assets.ts';
import { MAX_JSON_DEPTH, MAX_JSON_MEMBERS, scanBatchJson, type EventSpans } from './json-shape.ts';

const problem = (text: string) => scanBatchJson(text).problem;
const spans = (text: string): EventSpans | null => {
  const scan = scanBatchJson(text);
  if (scan.problem !== null) throw new Error(scan.problem);
  return scan.events;
};
const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const wide = (members: number) => `[${new Array(members).fill(0).join(',')}]`;

describe('scanBatchJson: shape', () => {
  it('accepts nesting up to the limit and refuses one level more', () => {
    expect(problem(nested(MAX_JSON_DEPTH))).toBeNull();
    expect(problem(nested(MAX_JSON_DEPTH + 1))).toMatch(/nested deeper/);
  });

  it('counts depth across arrays and objects alike, and recovers after closing', () => {
    const half = MAX_JSON_DEPTH / 2;
    const mixed = '{"a":['.repeat(half) + ']}'.repeat(half);
    expect(problem(`[${mixed},${mixed}]`)).toMatch(/nested deeper/);
    expect(problem(`${mixed.slice(0, -2)}`)).toBeNull();
  });

  it('accepts containers up to the member limit and refuses wider ones', () => {
    expect(problem(wide(MAX_JSON_MEMBERS))).toBeNull();
    expect(problem(wide(MAX_JSON_MEMBERS + 1))).toMatch(/more than/);
    const keys = Array.from({ length: MAX_JSON_MEMBERS + 1 }, (_, i) => `"k${i}":0`).join(',');
    expect(problem(`{${keys}}`)).toMatch(/more than/);
  });

  it('counts members per container, not in total', () => {
    const half = wide(MAX_JSON_MEMBERS / 2 + 1);
    expect(problem(`[${half},${half},${half}]`)).toBeNull();
  });

  it('ignores brackets, commas and escaped quotes inside strings', () => {
    const tricky = JSON.stringify({ text: `${'['.repeat(MAX_JSON_DEPTH + 5)}\\",${','.repeat(MAX_JSON_MEMBERS + 5)}`, more: '\\' });
    expect(problem(tricky)).toBeNull();
    expect(problem(JSON.stringify({ s: 'é"[[[' + '['.repeat(MAX_JSON_DEPTH) }))).toBeNull();
    expect(problem(`["\\\\",${nested(MAX_JSON_DEPTH)}]`)).toMatch(/nested deeper/);
  });
});

describe('scanBatchJson: events', () => {
  const long = 'x'.repeat(MIN_ASSET_CHARS);
  const events = [{ type: 4, data: { href: 'a"]}' } }, { type: 2, data: { node: { _cssText: long } } }, { type: 3, data: [] }];

  it('finds each event of the top-level "events" array, and which hold a long string', () => {
    const text = JSON.stringify({ v: 1, tab: 'events', events, sentAt: 1 });
    const found = spans(text)!;
    expect(found.starts.map((s, i) => JSON.parse(text.slice(s, found.ends[i])))).toEqual(events);
    expect(found.longStrings).toEqual([1]);
  });

  it('reads spaced-out text and keeps to the last "events" key, as JSON.parse does', () => {
    const text = `{ "events" : [ {"a":1} ], "x": {"events": [{"b":2}]}, "events" :\n[ { "c" : "${long}" } , {"d":[{}]} ] }`;
    const found = spans(text)!;
    expect(found.starts.map((s, i) => JSON.parse(text.slice(s, found.ends[i])))).toEqual(JSON.parse(text).events);
    expect(found.longStrings).toEqual([0]);
  });

  it('finds nothing where the key is escaped or there is no events array', () => {
    expect(spans('{"\\u0065vents":[{"a":1}]}')).toBeNull();
    expect(spans('{"events":{"a":[{}]}}')).toBeNull();
    expect(spans('["events",[{"a":1}]]')).toBeNull();
  });
});
