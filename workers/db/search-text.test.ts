import { describe, expect, it } from 'vitest';
import { MAX_SEARCH_TEXT_LENGTH, clickTargetsText, errorMessagesText, searchText } from './search-text.ts';

describe('search text columns', () => {
  it('keeps each click target as selector and text, one entry per line', () => {
    expect(clickTargetsText([{ selector: 'button#pay', text: 'Pay now' }, { selector: 'a.logo', text: '' }])).toBe('button#pay\tPay now\na.logo\t');
    expect(clickTargetsText([])).toBe('');
  });

  it('turns control characters into spaces, so no value holds a separator', () => {
    expect(clickTargetsText([{ selector: 'a\nb', text: 'c\td\u0000' }])).toBe('a b\tc d ');
    expect(errorMessagesText([{ message: 'Error: x\n    at f (app.js:1:2)' }, { message: 'later' }])).toBe('Error: x     at f (app.js:1:2)\nlater');
    expect(searchText('pay\nnow')).toBe('pay now');
  });

  it('caps a column at whole entries, first ones kept', () => {
    const message = 'm'.repeat(1000);
    const errors = Array.from({ length: 10 }, (_, i) => ({ message: `${i}${message}` }));
    const text = errorMessagesText(errors);
    expect(text.length).toBeLessThanOrEqual(MAX_SEARCH_TEXT_LENGTH);
    expect(text.split('\n').map((m) => m[0])).toEqual(['0', '1', '2', '3']);
    expect(text.split('\n').every((m) => m.length === 1001)).toBe(true);
  });
});
