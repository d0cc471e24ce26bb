import { describe, expect, it } from 'vitest';
import { luhn, maskText, maskValue, scrub } from './scrub.ts';

describe('maskText / maskValue', () => {
  it('keeps the shape: one * per character, whitespace kept in text', () => {
    expect(maskText('Hello  wörld\n!')).toBe('*****  *****\n*');
    expect(maskValue('a b')).toBe('***');
    expect(maskText('')).toBe('');
  });
});

describe('scrub', () => {
  it('masks email addresses, character for character, and leaves the rest', () => {
    expect(scrub('Mail jane.doe+x@example.co.uk today')).toBe('Mail ************************ today');
    expect(scrub('a@b.io, c_d@e-f.org')).toBe('******, ***********');
  });

  it('masks an address while it is being typed, before the domain is complete', () => {
    expect(scrub('alice@')).toBe('******');
    expect(scrub('alice@exa')).toBe('*********');
  });

  it('leaves @-mentions and lone @ alone', () => {
    expect(scrub('ping @team at 5 @ home')).toBe('ping @team at 5 @ home');
  });

  it('masks Luhn-valid card numbers with or without spaces and dashes, keeping separators', () => {
    expect(scrub('card 4111 1111 1111 1111.')).toBe('card **** **** **** ****.');
    expect(scrub('4242-4242-4242-4242')).toBe('****-****-****-****');
    expect(scrub('amex 378282246310005 ok')).toBe('amex *************** ok');
    expect(scrub('5555555555554444')).toBe('****************');
    expect(scrub('13: 4111111111119, 19: 6011111111111111110')).toBe('13: *************, 19: *******************');
  });

  it('leaves ordinary numbers: dates, phone numbers, order ids, non-Luhn and over-long digit runs', () => {
    const text =
      'Order 20260501-1234 on 2026-05-01 12:30, call +1 555-123-4567, ref 1234567890123, ' +
      'ts 1714560000000, not a card 4111 1111 1111 1112, long 41111111111111110000, total 1,234,567.89';
    expect(scrub(text)).toBe(text);
  });

  it('returns short and digit-free text untouched', () => {
    expect(scrub('hello')).toBe('hello');
    expect(scrub('')).toBe('');
  });
});

describe('luhn', () => {
  it('checks the digits, skipping separators', () => {
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('4111-1111 1111-1111')).toBe(true);
    expect(luhn('4111111111111112')).toBe(false);
    expect(luhn('79927398713')).toBe(true);
  });
});
