import { describe, expect, it } from 'vitest';
import { CustomTag, type ErrorPayload } from '../../wire/index.ts';
import { errorPayload, installErrors } from './errors.ts';
import { recordingContext } from './testing.ts';

describe('errorPayload', () => {
  it('keeps name, message and stack of Error-like reasons', () => {
    const err = new RangeError('out of range');
    expect(errorPayload('unhandledrejection', err)).toEqual({ kind: 'unhandledrejection', name: 'RangeError', message: 'out of range', stack: err.stack });
    expect(errorPayload('error', { message: 'plain', name: 'Custom' })).toEqual({ kind: 'error', message: 'plain', name: 'Custom' });
  });

  it('serialises anything else as the message', () => {
    expect(errorPayload('unhandledrejection', 'just a string')).toEqual({ kind: 'unhandledrejection', message: 'just a string' });
    expect(errorPayload('unhandledrejection', { code: 42 })).toEqual({ kind: 'unhandledrejection', message: '{"code":42}' });
    expect(errorPayload('unhandledrejection', undefined)).toEqual({ kind: 'unhandledrejection', message: 'undefined' });
  });

  it('caps message and stack', () => {
    const p = errorPayload('error', { message: 'm'.repeat(5000), stack: 's'.repeat(10_000) });
    expect(p.message.length).toBe(1001);
    expect(p.stack!.length).toBe(4001);
  });
});

describe('installErrors', () => {
  it('reports ErrorEvents with location, skips plain (resource) Events, and removes its listeners', () => {
    const target = new EventTarget();
    const ctx = recordingContext();
    const uninstall = installErrors(target as unknown as Window, ctx);
    const error = new TypeError('x is not a function');
    const event = Object.assign(new Event('error'), { message: 'Uncaught TypeError: x is not a function', filename: 'https://a.test/app.js', lineno: 3, colno: 7, error });
    target.dispatchEvent(event);
    target.dispatchEvent(new Event('error'));
    target.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason: 'nope' }));
    expect(ctx.emitted).toEqual([
      {
        tag: CustomTag.Error,
        payload: { kind: 'error', message: 'Uncaught TypeError: x is not a function', name: 'TypeError', stack: error.stack, source: 'https://a.test/app.js', line: 3, column: 7 },
      },
      { tag: CustomTag.Error, payload: { kind: 'unhandledrejection', message: 'nope' } },
    ]);
    uninstall();
    target.dispatchEvent(event);
    expect(ctx.emitted).toHaveLength(2);
    expect((ctx.emitted[0]!.payload as ErrorPayload).kind).toBe('error');
  });
});
