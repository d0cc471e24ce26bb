import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { installApi, type EdgeReplayApi } from './loader/install.ts';
import { compactSource } from './loader/stub.ts';
import { LOADER_SOURCE, escapeHtmlAttribute, jsonForInlineScript, renderSnippet } from './snippet.ts';

interface FakeScript {
  async: boolean;
  src: string;
  onerror: (() => void) | null;
}

/** Runs the snippet's inline script against a fake window and document. */
function runSnippet(html: string, win: Record<string, unknown> = {}) {
  const scripts = html.match(/<script>([\s\S]*?)<\/script>/g);
  expect(scripts).toHaveLength(1);
  const code = /^<script>([\s\S]*)<\/script>$/.exec(html)![1];
  const appended: FakeScript[] = [];
  const doc = {
    createElement: (tag: string) => {
      expect(tag).toBe('script');
      return { async: false, src: '', onerror: null } as FakeScript;
    },
    head: { appendChild: (node: FakeScript) => appended.push(node) },
    documentElement: { appendChild: () => expect.unreachable('head exists') },
  };
  new Function('window', 'document', code)(win, doc);
  return { win: win as { EdgeReplay?: Record<string, (...args: unknown[]) => unknown> }, appended };
}

/** A stand-in for the real SDK that records calls. */
function fakeApi() {
  const calls: Array<[string, unknown[]]> = [];
  let releaseFlush: () => void = () => {};
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push([name, args]);
    };
  const api: EdgeReplayApi = {
    init: record('init'),
    identify: record('identify'),
    track: record('track'),
    setProperties: record('setProperties'),
    stop: record('stop'),
    start: record('start'),
    flush: () => {
      calls.push(['flush', []]);
      return new Promise<void>((resolve) => (releaseFlush = resolve));
    },
    getSessionUrl: () => 'https://r.test/#/s/x?t=0',
  };
  return { api, calls, releaseFlush: () => releaseFlush() };
}

const flushMicrotasks = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('renderSnippet', () => {
  it('is one inline script that queues init and loads the recorder asynchronously', () => {
    const html = renderSnippet({ endpoint: 'http://127.0.0.1:8787/', projectKey: 'pk_live_123' });
    expect(html.startsWith('<script>(function')).toBe(true);
    const { win, appended } = runSnippet(html);
    expect(appended).toHaveLength(1);
    expect(appended[0]).toMatchObject({ async: true, src: 'http://127.0.0.1:8787/sdk/v1/recorder.js' });
    expect(win.EdgeReplay!._q).toEqual([['init', [{ projectKey: 'pk_live_123', endpoint: 'http://127.0.0.1:8787' }]]]);
    expect(win.EdgeReplay!.getSessionUrl()).toBeNull();
  });

  it('passes further init options through', () => {
    const html = renderSnippet({ endpoint: 'https://r.test', projectKey: 'k', sampleRate: 0.5, bufferMode: true, privacy: { maskAllInputs: false } });
    const { win } = runSnippet(html);
    expect(win.EdgeReplay!._q).toEqual([
      ['init', [{ projectKey: 'k', endpoint: 'https://r.test', sampleRate: 0.5, bufferMode: true, privacy: { maskAllInputs: false } }]],
    ]);
  });

  it('keeps a path prefix in the endpoint', () => {
    const { win, appended } = runSnippet(renderSnippet({ endpoint: 'https://example.com/replay//', projectKey: 'k' }));
    expect(appended[0].src).toBe('https://example.com/replay/sdk/v1/recorder.js');
    expect((win.EdgeReplay!._q as unknown as unknown[][])[0][1]).toEqual([{ projectKey: 'k', endpoint: 'https://example.com/replay' }]);
  });

  it('stays under 2 KB gzipped', () => {
    const html = renderSnippet({ endpoint: 'https://replay.example-company.workers.dev', projectKey: 'pk_live_0123456789abcdef0123456789abcdef' });
    const gz = gzipSync(html).length;
    expect(gz).toBeLessThanOrEqual(2_048);
    // Measured, for the record: the loader alone.
    expect(gzipSync(LOADER_SOURCE).length).toBeLessThan(1_024);
  });

  it('cannot be broken out of by hostile values', () => {
    const hostileKeys = [
      '</script><script>alert(1)</script>',
      '</SCRIPT ><img src=x onerror=alert(1)>',
      '"); alert(1); ("',
      "'; alert(1); '",
      '<!-- <script>',
      '\u2028\u2029 line separators',
      '&lt;/script&gt; & entities',
      '\\"); alert(1); //',
    ];
    const hostileEndpoints = [
      'https://evil.test/"><script>alert(1)</script>',
      "https://evil.test/a'b onload='alert(1)",
      'https://evil.test/?q=</script>#<!--',
    ];
    for (const projectKey of hostileKeys) {
      for (const endpoint of hostileEndpoints) {
        const html = renderSnippet({ endpoint, projectKey, capture: { console: false }, privacy: { maskSelector: '</script><!--' } as never });
        // Exactly one element, opened and closed once, no comment opener, no raw line separators.
        expect(html.match(/<script/gi)).toHaveLength(1);
        expect(html.match(/<\/script/gi)).toHaveLength(1);
        expect(html).not.toContain('<!--');
        expect(html).not.toMatch(/[\u2028\u2029]/);
        // Values arrive intact.
        const { win, appended } = runSnippet(html);
        const [, [arg]] = (win.EdgeReplay!._q as unknown as Array<[string, [{ projectKey: string; endpoint: string; privacy: unknown }]]>)[0];
        expect(arg.projectKey).toBe(projectKey);
        expect(arg.privacy).toEqual({ maskSelector: '</script><!--' });
        expect(appended[0].src).toBe(`${arg.endpoint}/sdk/v1/recorder.js`);
        expect(arg.endpoint.startsWith('https://evil.test')).toBe(true);
      }
    }
  });

  it('rejects endpoints that are not absolute http(s) URLs', () => {
    for (const endpoint of ['javascript:alert(1)', 'data:text/html,hi', '/relative', 'not a url', '']) {
      expect(() => renderSnippet({ endpoint, projectKey: 'k' })).toThrow(TypeError);
    }
  });
});

describe('loader queue', () => {
  it('queues calls in order and the recorder replays them, flush resolving after the real flush', async () => {
    const { win } = runSnippet(renderSnippet({ endpoint: 'https://r.test', projectKey: 'k' }));
    const stub = win.EdgeReplay!;
    stub.identify('u-1', { plan: 'pro' });
    stub.track('early', { n: 1 });
    const keptTrack = stub.track;
    let flushed = false;
    void (stub.flush() as Promise<void>).then(() => (flushed = true));
    stub.setProperties({ tier: 'gold' });
    stub.stop();
    stub.start();

    const real = fakeApi();
    installApi(win, real.api);
    expect(real.calls.map(([name]) => name)).toEqual(['init', 'identify', 'track', 'flush', 'setProperties', 'stop', 'start']);
    expect(real.calls[1]).toEqual(['identify', ['u-1', { plan: 'pro' }]]);
    await flushMicrotasks();
    expect(flushed).toBe(false);
    real.releaseFlush();
    await flushMicrotasks();
    expect(flushed).toBe(true);

    // The same object now carries the real API; a stub method kept earlier goes straight through.
    expect(win.EdgeReplay).toBe(stub);
    expect(stub._q).toBeUndefined();
    expect(stub.getSessionUrl()).toBe('https://r.test/#/s/x?t=0');
    keptTrack('late');
    expect(real.calls.at(-1)).toEqual(['track', ['late']]);
    stub.track('direct');
    expect(real.calls.at(-1)).toEqual(['track', ['direct']]);
  });

  it('resolves pending and later flush() Promises when the recorder cannot load', async () => {
    const { win, appended } = runSnippet(renderSnippet({ endpoint: 'https://r.test', projectKey: 'k' }));
    const states: string[] = [];
    void (win.EdgeReplay!.flush() as Promise<void>).then(() => states.push('first'));
    appended[0].onerror!();
    await flushMicrotasks();
    void (win.EdgeReplay!.flush() as Promise<void>).then(() => states.push('second'));
    await flushMicrotasks();
    expect(states).toEqual(['first', 'second']);
  });

  it('a second snippet on the page only calls init again', () => {
    const html = renderSnippet({ endpoint: 'https://r.test', projectKey: 'k' });
    const { win, appended } = runSnippet(html);
    const again = runSnippet(html, win as Record<string, unknown>);
    expect(again.appended).toHaveLength(0);
    expect(appended).toHaveLength(1);
    expect((win.EdgeReplay!._q as unknown as unknown[][]).map((c) => c[0])).toEqual(['init', 'init']);
  });

  it('a recorder loaded without the snippet installs itself; a second recorder leaves the first', () => {
    const win: { EdgeReplay?: unknown } = {};
    const first = fakeApi();
    installApi(win, first.api);
    const installed = win.EdgeReplay as EdgeReplayApi;
    installed.track('x');
    expect(first.calls).toEqual([['track', ['x']]]);
    installApi(win, fakeApi().api);
    expect(win.EdgeReplay).toBe(installed);
  });

  it('ignores unknown queued methods and does not let a throwing call stop the replay', () => {
    const win: { EdgeReplay?: unknown } = {
      EdgeReplay: { _q: [['nope', []], ['__proto__', []], ['identify', ['u']], ['track', ['a']]] },
    };
    const real = fakeApi();
    real.api.identify = () => {
      throw new Error('boom');
    };
    expect(() => installApi(win, real.api)).not.toThrow();
    expect(real.calls).toEqual([['track', ['a']]]);
  });
});

describe('compactSource', () => {
  it('drops comments and spaces that carry no meaning', () => {
    const src = `function f(a, b) {
      // a comment
      var c = a + +b; /* block */ var d = a - -b;
      if (c) { return typeof c; } else { return c - 1; }
    }`;
    const out = compactSource(src);
    expect(out).toBe('function f(a,b){var c=a+ +b;var d=a- -b;if(c){return typeof c;}else{return c-1;}}');
    expect(new Function(`return (${out})(1, 2)`)()).toBe('number');
  });

  it('ships the loader without markup-significant sequences', () => {
    expect(LOADER_SOURCE).not.toMatch(/<\/|<!--|<script/i);
    expect(LOADER_SOURCE).not.toMatch(/\n/);
  });
});

describe('escaping helpers', () => {
  it('escapes HTML attribute text', () => {
    expect(escapeHtmlAttribute(`a&b"c'd<e>f`)).toBe('a&amp;b&quot;c&#39;d&lt;e&gt;f');
  });

  it('makes JSON inert in an inline script and still parseable', () => {
    const value = { s: '</script><!--&\u2028\u2029' };
    const json = jsonForInlineScript(value);
    expect(json).toBe('{"s":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028\\u2029"}');
    expect(JSON.parse(json)).toEqual(value);
  });
});

