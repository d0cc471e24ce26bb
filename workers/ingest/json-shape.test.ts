import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, MAX_JSON_MEMBERS, jsonShapeProblem } from './json-shape.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const wide = (members: number) => `[${new Array(members).fill(0).join(',')}]`;

describe('jsonShapeProblem', () => {
  it('accepts nesting up to the limit and refuses one level more', () => {
    expect(jsonShapeProblem(bytes(nested(MAX_JSON_DEPTH)))).toBeNull();
    expect(jsonShapeProblem(bytes(nested(MAX_JSON_DEPTH + 1)))).toMatch(/nested deeper/);
  });

  it('counts depth across arrays and objects alike, and recovers after closing', () => {
    const half = MAX_JSON_DEPTH / 2;
    const mixed = '{"a":['.repeat(half) + ']}'.repeat(half);
    expect(jsonShapeProblem(bytes(`[${mixed},${mixed}]`))).toMatch(/nested deeper/);
    expect(jsonShapeProblem(bytes(`${mixed.slice(0, -2)}`))).toBeNull();
  });

  it('accepts containers up to the member limit and refuses wider ones', () => {
    expect(jsonShapeProblem(bytes(wide(MAX_JSON_MEMBERS)))).toBeNull();
    expect(jsonShapeProblem(bytes(wide(MAX_JSON_MEMBERS + 1)))).toMatch(/more than/);
    const keys = Array.from({ length: MAX_JSON_MEMBERS + 1 }, (_, i) => `"k${i}":0`).join(',');
    expect(jsonShapeProblem(bytes(`{${keys}}`))).toMatch(/more than/);
  });

  it('counts members per container, not in total', () => {
    const half = wide(MAX_JSON_MEMBERS / 2 + 1);
    expect(jsonShapeProblem(bytes(`[${half},${half},${half}]`))).toBeNull();
  });

  it('ignores brackets, commas and escaped quotes inside strings', () => {
    const tricky = JSON.stringify({ text: `${'['.repeat(MAX_JSON_DEPTH + 5)}\\",${','.repeat(MAX_JSON_MEMBERS + 5)}`, more: '\\' });
    expect(jsonShapeProblem(bytes(tricky))).toBeNull();
    expect(jsonShapeProblem(bytes(JSON.stringify({ s: 'é"[[[' + '['.repeat(MAX_JSON_DEPTH) })))).toBeNull();
  });
});
