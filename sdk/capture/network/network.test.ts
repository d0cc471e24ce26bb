import { describe, expect, it } from 'vitest';
import { bodySize, bodyText, contentLength, isTextType } from './body.ts';
import { isSecretHeader, parseHeaderLines, pickHeaders } from './headers.ts';
import { finishNetwork } from './finish.ts';
import { absoluteUrl, isSdkUrl, urlAllowed } from './urls.ts';

describe('headers', () => {
  it('never keeps credential headers, whatever their case', () => {
    const secret = [
      'Authorization',
      'proxy-authorization',
      'Cookie',
      'SET-COOKIE',
      'X-Api-Key',
      'x-apikey',
      'X-Auth-Token',
      'X-CSRF-Token',
      'x-xsrf-token',
      'X-Amz-Security-Token',
      'client-secret',
      'X-Password',
      'x-oauth-thing',
    ];
    for (const name of secret) expect(isSecretHeader(name), name).toBe(true);
    for (const name of ['content-type', 'accept', 'x-request-id', 'cache-control']) expect(isSecretHeader(name), name).toBe(false);
    const picked = pickHeaders(secret.map((n) => [n, 'v'] as [string, string]).concat([['Content-Type', 'application/json']]));
    expect(picked).toEqual({ 'content-type': 'application/json' });
  });

  it('caps the number of headers and each value', () => {
    const many = Array.from({ length: 80 }, (_, i) => [`x-h${i}`, 'v'.repeat(2000)] as [string, string]);
    const picked = pickHeaders(many);
    expect(Object.keys(picked)).toHaveLength(50);
    expect(picked['x-h0']).toBe('v'.repeat(1000) + '…');
  });

  it('parses getAllResponseHeaders() text', () => {
    expect(parseHeaderLines('content-type: text/plain\r\nx-a: b: c\r\n')).toEqual([
      ['content-type', 'text/plain'],
      ['x-a', 'b: c'],
    ]);
    expect(parseHeaderLines('')).toEqual([]);
  });
});

describe('urls', () => {
  it('matches strings as substrings and RegExps (also /g ones, repeatedly)', () => {
    const g = /api\.example\.com\/v\d/g;
    const patterns = ['/api/', g];
    expect(urlAllowed('https://a.test/api/users', patterns)).toBe(true);
    expect(urlAllowed('https://api.example.com/v2/x', patterns)).toBe(true);
    expect(urlAllowed('https://api.example.com/v2/x', patterns)).toBe(true);
    expect(urlAllowed('https://a.test/apix', patterns)).toBe(false);
    expect(urlAllowed('https://a.test/api/', [])).toBe(false);
  });

  it('resolves relative URLs and keeps garbage as given', () => {
    expect(absoluteUrl('/x?q=1#h', 'https://a.test/dir/page')).toBe('https://a.test/x?q=1#h');
    expect(absoluteUrl('y', 'https://a.test/dir/page')).toBe('https://a.test/dir/y');
    expect(absoluteUrl('http://[bad', undefined)).toBe('http://[bad');
  });

  it('recognises the SDK endpoints', () => {
    expect(isSdkUrl('https://replay.test/v1/ingest?k=pk')).toBe(true);
    expect(isSdkUrl('https://replay.test/v1/config?k=pk')).toBe(true);
    expect(isSdkUrl('https://a.test/v1/other')).toBe(false);
  });
});

describe('bodies', () => {
  it('sizes string, binary and form bodies without reading streams', () => {
    expect(bodySize('abc')).toBe(3);
    expect(bodySize('é€😀')).toBe(2 + 3 + 4);
    expect(bodySize(new Uint8Array(7))).toBe(7);
    expect(bodySize(new ArrayBuffer(9))).toBe(9);
    expect(bodySize(new Blob(['12345']))).toBe(5);
    expect(bodySize(new URLSearchParams({ a: '1', b: '2' }))).toBe(7);
    expect(bodySize(new FormData())).toBeUndefined();
    expect(bodySize(undefined)).toBeUndefined();
    expect(bodySize(null)).toBeUndefined();
  });

  it('gives text only for string and URLSearchParams bodies, capped', () => {
    expect(bodyText('x'.repeat(20), 10)).toBe('x'.repeat(10) + '…');
    expect(bodyText(new URLSearchParams({ a: '1' }), 10)).toBe('a=1');
    expect(bodyText(new Blob(['x']), 10)).toBeUndefined();
  });

  it('reads content-length and text content types', () => {
    expect(contentLength('123')).toBe(123);
    expect(contentLength(null)).toBeUndefined();
    expect(contentLength('abc')).toBeUndefined();
    for (const t of ['text/plain', 'application/json; charset=utf-8', 'application/problem+json', 'text/html', 'application/xml', 'application/x-www-form-urlencoded']) {
      expect(isTextType(t), t).toBe(true);
    }
    for (const t of ['text/event-stream', 'image/png', 'application/octet-stream', null]) expect(isTextType(t), String(t)).toBe(false);
  });
});

describe('finishNetwork', () => {
  const options = { allowUrls: [], headers: true, bodies: true, maxBodyBytes: 5 };
  const seen = (extra: object = {}) => ({ initiator: 'xhr' as const, method: 'post', url: 'https://a.test/api', status: 0, startTime: 1, durationMs: 2, ...extra });

  it('makes the uploaded payload of what the recorder saw: credentials never', () => {
    const payload = finishNetwork(seen(), {
      body: 'abcdefgh',
      bodies: true,
      requestHeaders: [['Authorization', 'Bearer s'], ['X-Id', '1']],
      responseHeaders: 'set-cookie: a=b\r\ncontent-type: text/plain\r\n',
      contentLength: '12',
      error: new TypeError('Failed to fetch'),
    }, options);
    expect(payload).toEqual({
      ...seen(),
      method: 'POST',
      requestBytes: 8,
      requestBody: 'abcde…',
      responseBytes: 12,
      requestHeaders: { 'x-id': '1' },
      responseHeaders: { 'content-type': 'text/plain' },
      error: 'TypeError: Failed to fetch',
    });
  });

  it('keeps out what was not to be recorded, and the SDK endpoints altogether', () => {
    expect(finishNetwork(seen({ url: 'https://r.test/' + 'x'.repeat(3000) }), { body: 'abc', bodies: false }, options)).toEqual({
      ...seen(),
      method: 'POST',
      url: 'https://r.test/' + 'x'.repeat(2048 - 15) + '…',
      requestBytes: 3,
      responseBytes: undefined,
    });
    expect(finishNetwork(seen({ url: 'https://r.test/v1/ingest?k=pk' }), { body: null, bodies: false }, options)).toBeNull();
  });
});
