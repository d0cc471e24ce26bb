import { describe, expect, it } from 'vitest';
import { MAX_COMMENT_AUTHOR_CHARS, MAX_COMMENT_BODY_CHARS, isCommentId, validateNewComment } from './comments.ts';

const good = { tab: 'k3x9', t: 1_760_000_000_123, x: 0.25, y: 1, body: 'The button does nothing', author: 'Ada' };

describe('validateNewComment', () => {
  it('accepts a comment, trims body and author, and drops unknown fields', () => {
    const result = validateNewComment({ ...good, body: '  two\nlines\r\n ', author: ' Ada ', id: 'mine', createdAt: 1 });
    expect(result).toEqual({ ok: true, value: { ...good, body: 'two\nlines', author: 'Ada' } });
  });

  it('accepts the edges: corners of the viewport and the longest body and name', () => {
    const body = 'é'.repeat(MAX_COMMENT_BODY_CHARS);
    const author = 'a'.repeat(MAX_COMMENT_AUTHOR_CHARS);
    expect(validateNewComment({ ...good, x: 0, y: 0, body, author })).toEqual({ ok: true, value: { ...good, x: 0, y: 0, body, author } });
  });

  it.each([
    ['not an object', 'x', 'JSON object'],
    ['null', null, 'JSON object'],
    ['an array', [good], 'JSON object'],
    ['a path as tab', { ...good, tab: '../x' }, 'tab'],
    ['an uppercase tab', { ...good, tab: 'MAIN' }, 'tab'],
    ['a missing t', { ...good, t: undefined }, 't must'],
    ['a fractional t', { ...good, t: 1.5 }, 't must'],
    ['a negative t', { ...good, t: -1 }, 't must'],
    ['a t as text', { ...good, t: '1760000000123' }, 't must'],
    ['an unsafe t', { ...good, t: 2 ** 60 }, 't must'],
    ['x below 0', { ...good, x: -0.01 }, 'x and y'],
    ['x above 1', { ...good, x: 1.01 }, 'x and y'],
    ['y not a number', { ...good, y: NaN }, 'x and y'],
    ['y as text', { ...good, y: '0.5' }, 'x and y'],
    ['a missing body', { ...good, body: undefined }, 'body must be a string'],
    ['a blank body', { ...good, body: ' \n ' }, 'body must have'],
    ['a body one character too long', { ...good, body: 'a'.repeat(MAX_COMMENT_BODY_CHARS + 1) }, 'body must have'],
    ['a NUL in the body', { ...good, body: 'a\u0000b' }, 'control'],
    ['an object as author', { ...good, author: { name: 'x' } }, 'author must be a string'],
    ['a blank author', { ...good, author: '  ' }, 'author must have'],
    ['a long author', { ...good, author: 'a'.repeat(MAX_COMMENT_AUTHOR_CHARS + 1) }, 'author must have'],
    ['a two-line author', { ...good, author: 'Ada\nadmin' }, 'one line'],
  ])('refuses %s', (_name, input, message) => {
    const result = validateNewComment(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});

describe('isCommentId', () => {
  it('takes lowercase UUIDs only', () => {
    expect(isCommentId('3f2504e0-4f89-41d3-9a0c-0305e82c3301')).toBe(true);
    for (const bad of ['3F2504E0-4F89-41D3-9A0C-0305E82C3301', '../x', '', '3f2504e0-4f89-41d3-9a0c-0305e82c3301\u0000', 42, null]) {
      expect(isCommentId(bad)).toBe(false);
    }
  });
});
