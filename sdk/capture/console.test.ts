import { describe, expect, it } from 'vitest';
import { CustomTag, type ConsolePayload } from '../../wire/index.ts';
import { callerStack, consolePayload, installConsole } from './console.ts';
import { MAX_CONSOLE_CHARS } from './constants.ts';
import { recordingContext } from './testing.ts';

type Fake = Record<string, (...args: unknown[]) => unknown>;

function fakeConsole() {
  const calls: Array<[string, unknown, unknown[]]> = [];
  const target: Fake = {};
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    target[level] = function (this: unknown, ...args: unknown[]) {
      calls.push([level, this, args]);
      return level.length;
    };
  }
  return { target, calls };
}

describe('installConsole', () => {
  it('calls the original with the same this and arguments, returns its result, then records', () => {
    const { target, calls } = fakeConsole();
    const ctx = recordingContext();
    const original = target.log;
    const info = target.info;
    const uninstall = installConsole(target, ['log', 'warn'], ctx);
    expect(target.log).not.toBe(original);
    expect(target.info).toBe(info);
    const obj = { a: 1 };
    expect(target.log!.call(target, 'hi', obj)).toBe(3);
    expect(calls[0]).toEqual(['log', target, ['hi', obj]]);
    expect(calls[0]![2][1]).toBe(obj);
    expect(ctx.emitted).toEqual([{ tag: CustomTag.Console, payload: { level: 'log', args: ['hi', '{"a":1}'] } }]);
    target.warn!('careful');
    const warn = ctx.emitted[1]!.payload as ConsolePayload;
    expect(warn.level).toBe('warn');
    expect(warn.stack).toContain('console.test.ts');
    uninstall();
    expect(target.log).toBe(original);
  });

  it('records only the chosen levels', () => {
    const { target } = fakeConsole();
    const info = target.info;
    const ctx = recordingContext();
    installConsole(target, ['error'], ctx);
    expect(target.info).toBe(info);
    target.info!('x');
    target.error!('y');
    expect(ctx.emitted.map((e) => (e.payload as ConsolePayload).level)).toEqual(['error']);
  });

  it("ignores the SDK's own messages and anything logged while recording", () => {
    const { target, calls } = fakeConsole();
    const ctx = recordingContext();
    const emit = ctx.emit;
    ctx.emit = (tag, payload) => {
      target.log!('logged from inside emit');
      emit(tag, payload);
    };
    installConsole(target, ['log', 'warn'], ctx);
    target.warn!('[edge-replay] internal warning');
    target.log!('page message');
    expect(calls.map((c) => c[2][0])).toEqual(['[edge-replay] internal warning', 'page message', 'logged from inside emit']);
    expect(ctx.emitted.map((e) => (e.payload as ConsolePayload).args[0])).toEqual(['page message']);
  });

  it('serialises nothing the flood limit drops', () => {
    const { target } = fakeConsole();
    const ctx = recordingContext();
    const emit = ctx.emit;
    let allowed = 2;
    // What installCapture's throttle does once a window's signals are spent.
    ctx.emit = (tag, payload) => {
      if (allowed-- > 0) emit(tag, payload);
    };
    let reads = 0;
    const arg = {
      get watched() {
        reads++;
        return 1;
      },
    };
    installConsole(target, ['log', 'error'], ctx);
    for (let i = 0; i < 5; i++) target.log!(arg);
    target.error!(arg);
    expect(reads).toBe(2);
    expect(ctx.emitted.map((e) => (e.payload as ConsolePayload).args)).toEqual([['{"watched":1}'], ['{"watched":1}']]);
  });

  it('still calls the original when recording fails, and turns itself off', () => {
    const { target, calls } = fakeConsole();
    const ctx = recordingContext();
    ctx.emit = () => {
      throw new Error('sink broke');
    };
    const warn = console.warn;
    console.warn = () => {};
    try {
      installConsole(target, ['log'], ctx);
      expect(() => target.log!('one')).not.toThrow();
      expect(ctx.guard.off).toBe(true);
      target.log!('two');
      expect(calls.map((c) => c[2][0])).toEqual(['one', 'two']);
    } finally {
      console.warn = warn;
    }
  });

  it('keeps a wrapper installed over ours when uninstalling, and then passes through', () => {
    const { target, calls } = fakeConsole();
    const ctx = recordingContext();
    const uninstall = installConsole(target, ['log'], ctx);
    const ours = target.log!;
    const theirs = (...args: unknown[]) => ours(...args);
    target.log = theirs;
    uninstall();
    ctx.guard.off = true; // what installCapture does on uninstall
    expect(target.log).toBe(theirs);
    target.log('after');
    expect(calls.at(-1)![2]).toEqual(['after']);
    expect(ctx.emitted).toEqual([]);
  });

  it('propagates what the original throws', () => {
    const target: Fake = {
      log: () => {
        throw new Error('host console broke');
      },
    };
    installConsole(target, ['log'], recordingContext());
    expect(() => target.log!('x')).toThrow('host console broke');
  });
});

describe('consolePayload', () => {
  it('caps each argument and the whole call', () => {
    const big = 'x'.repeat(5000);
    const payload = consolePayload('log', [big, big, big, big, big, big]);
    expect(payload.args[0]).toHaveLength(2001);
    const total = payload.args.reduce((n, a) => n + a.length, 0);
    expect(total).toBeLessThanOrEqual(MAX_CONSOLE_CHARS + payload.args.length);
    expect(payload.args.at(-1)).toBe('…');
    expect(payload.stack).toBeUndefined();
  });
});

describe('callerStack', () => {
  it("drops V8's header and the wrapper frame", () => {
    expect(callerStack('Error\n    at wrapper (sdk.js:1:1)\n    at app (app.js:2:3)')).toBe('    at app (app.js:2:3)');
    expect(callerStack('wrapper@sdk.js:1:1\napp@app.js:2:3')).toBe('app@app.js:2:3');
    expect(callerStack('Error\n    at wrapper (sdk.js:1:1)')).toBeUndefined();
    expect(callerStack(undefined)).toBeUndefined();
  });
});
