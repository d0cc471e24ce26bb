/**
 * Capture modules in Debian's Chromium: console, errors, network, navigation and click signals
 * as they reach /v1/ingest. Network tests call a small JSON API on its own origin (CORS), started
 * here, so the page, the API and the recorder's endpoint are three origins.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CustomTag,
  type ClickPayload,
  type ConsolePayload,
  type CustomPayloads,
  type ErrorPayload,
  type NavigationPayload,
  type NetworkPayload,
  type RageClickPayload,
} from '../../wire/index.ts';
import { flushRecording as flush } from '../browser.ts';
import { flushUntil, type Harness } from './harness.ts';
import { browserAndHarnessPerFile, startServer } from './lifecycle.ts';

let harness: Harness;
let browser: Browser;
let api: Awaited<ReturnType<typeof startServer>> | undefined;
/** Origin of the JSON API, e.g. http://127.0.0.1:43210 */
let apiOrigin: string;
/** A URL on a port where nothing listens: requests fail without a response. */
let deadUrl: string;

const SECRET_VALUES = ['Bearer s3cr3t-auth', 'k3y-s3cr3t', 'sess-t0ken-value', 'resp-t0ken-value', 'c00kie-value'];

/** The API: /api/* and /other/* answer the same, so tests can compare allowed and not allowed URLs. */
function handleApi(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const cors = {
    'access-control-allow-origin': '*',
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
    'access-control-allow-methods': 'GET, POST, PUT, DELETE',
    'access-control-expose-headers': 'x-trace, x-auth-token, content-length',
  };
  if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const delayMs = Number(url.searchParams.get('delay') ?? 20);
    setTimeout(() => {
      const status = Number(url.searchParams.get('status') ?? 200);
      const body = JSON.stringify({ path: url.pathname, method: req.method, got: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status, {
        ...cors,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'x-trace': 'trace-123',
        'x-auth-token': 'resp-t0ken-value',
        'set-cookie': 'sid=c00kie-value',
      });
      res.end(body);
    }, delayMs);
  });
}

browserAndHarnessPerFile({ browser: (b) => (browser = b), harness: (h) => (harness = h) });

beforeAll(async () => {
  api = await startServer(handleApi);
  apiOrigin = api.origin;
  const closed = await startServer();
  deadUrl = `${closed.origin}/api/nothing`;
  await closed.close();
});

afterAll(async () => api?.close());

let pageCount = 0;

/** Opens a fresh tab (so a fresh session) on a page with the recorder and `body`. */
async function open(body: string, init: Record<string, unknown> = {}): Promise<Page> {
  const path = `/p${++pageCount}`;
  harness.setPage(path, harness.pageWithSdk(body, init));
  const page = await browser.newPage();
  await page.goto(`${harness.pageOrigin}${path}`);
  await page.waitForFunction(() => 'EdgeReplay' in window);
  return page;
}

/** Payloads of one signal uploaded so far, in order. */
function uploaded<T extends CustomTag>(tag: T): Array<CustomPayloads[T]> {
  return harness.received
    .filter((r) => r.status === 200)
    .flatMap((r) => r.batch.events)
    .filter((e) => e.type === 5 && (e.data as { tag?: string }).tag === tag)
    .map((e) => (e.data as { payload: CustomPayloads[T] }).payload);
}

/** Flushes until `done` holds for the uploaded payloads of `tag` (or times out), then returns them. */
async function waitForSignals<T extends CustomTag>(
  page: Page,
  tag: T,
  done: (payloads: Array<CustomPayloads[T]>) => boolean,
  timeoutMs = 10_000,
): Promise<Array<CustomPayloads[T]>> {
  const state = () => `${tag}: ${JSON.stringify(uploaded(tag)).slice(0, 2000)}; batches: ${harness.received.length}`;
  await flushUntil(page, () => done(uploaded(tag)), state, timeoutMs);
  return uploaded(tag);
}

const allJson = () => harness.received.map((r) => r.json).join('\n');

describe('console', () => {
  it('records each level with safely serialised arguments, a cyclic object and warn/error stacks', async () => {
    const page = await open('<p>console</p>');
    const result = await page.evaluate(() => {
      const cyclic: Record<string, unknown> = { name: 'loop', list: [1, 2] };
      cyclic.self = cyclic;
      console.log('plain log', 42, cyclic);
      console.info('info', { nested: { deep: { deeper: { deepest: 1 } } } });
      console.warn('warned', document.body);
      console.error(new TypeError('console error obj'));
      console.debug('dbg', 10n, Symbol('sym'), () => 1);
      console.warn('[edge-replay] sdk message, not recorded');
      return console.log('returns'); // the wrapper returns what the original returns
    });
    expect(result).toBeUndefined();
    const logs = await waitForSignals(page, CustomTag.Console, (p) => p.length >= 6);
    await page.close();
    expect(logs.map((l) => l.level)).toEqual(['log', 'info', 'warn', 'error', 'debug', 'log']);
    const [log, info, warn, error, debug] = logs as [ConsolePayload, ConsolePayload, ConsolePayload, ConsolePayload, ConsolePayload];
    expect(log.args).toEqual(['plain log', '42', '{"name":"loop","list":[1,2],"self":[Circular]}']);
    expect(info.args[1]).toBe('{"nested":{"deep":{"deeper":[Object]}}}');
    expect(warn.args).toEqual(['warned', '<body>']);
    expect(warn.stack).toMatch(/\S/);
    expect(error.args[0]).toMatch(/^TypeError: console error obj\n\s+at /);
    expect(error.stack).toBeTruthy();
    expect(log.stack).toBeUndefined();
    expect(debug.args).toEqual(['dbg', '10n', 'Symbol(sym)', '[Function ]']);
    expect(allJson()).not.toContain('sdk message, not recorded');
  });
});

describe('errors', () => {
  it('records a thrown error and unhandled rejections (Error and non-Error) with stacks', async () => {
    // Thrown from the page's own script, so the error has a source URL and a position.
    const page = await open(`<script>
      function throwsLater() {
        throw new RangeError('thrown for the test');
      }
    </script>`);
    await page.evaluate(() => {
      setTimeout((window as unknown as { throwsLater: () => void }).throwsLater);
      setTimeout(() => void Promise.reject(new Error('rejected for the test')));
      setTimeout(() => void Promise.reject({ code: 7, why: 'object reason' }));
    });
    const errors = await waitForSignals(page, CustomTag.Error, (p) => p.length >= 3);
    await page.close();
    const thrown = errors.find((e) => e.kind === 'error') as ErrorPayload;
    expect(thrown).toMatchObject({ kind: 'error', name: 'RangeError', source: expect.stringMatching(new RegExp(`^${harness.pageOrigin}/p\\d+$`)) });
    expect(thrown.message).toContain('thrown for the test');
    expect(thrown.stack).toContain('throwsLater');
    expect(thrown.line).toBeGreaterThan(0);
    expect(thrown.column).toBeGreaterThan(0);
    const rejections = errors.filter((e) => e.kind === 'unhandledrejection');
    expect(rejections).toContainEqual(expect.objectContaining({ name: 'Error', message: 'rejected for the test', stack: expect.stringContaining('rejected for the test') }));
    expect(rejections).toContainEqual({ kind: 'unhandledrejection', message: '{"code":7,"why":"object reason"}' });
  });
});

describe('network', () => {
  it('records fetch and XHR: method, absolute URL, status, start, duration, sizes, failures', async () => {
    const page = await open('<p>network</p>');
    const seen = await page.evaluate(
      async ({ apiOrigin, deadUrl }) => {
        const out: Record<string, unknown> = {};
        const r = await fetch(`${apiOrigin}/other/get?x=1`);
        out.fetchJson = await r.json();
        const posted = await fetch(`${apiOrigin}/other/post`, { method: 'post', body: 'hello=world' });
        out.postStatus = posted.status;
        out.notFound = (await fetch(`${apiOrigin}/other/missing?status=404`)).status;
        try {
          await fetch(deadUrl);
        } catch (e) {
          out.failed = String(e);
        }
        out.xhr = await new Promise((resolve) => {
          const x = new XMLHttpRequest();
          x.open('PUT', `${apiOrigin}/other/xhr`);
          x.onload = () => resolve([x.status, JSON.parse(x.responseText).method]);
          x.send(new Blob(['12345']));
        });
        const sync = new XMLHttpRequest();
        sync.open('GET', `${apiOrigin}/other/sync`, false);
        sync.send();
        out.sync = [sync.status, JSON.parse(sync.responseText).path];
        out.aborted = await new Promise((resolve) => {
          const x = new XMLHttpRequest();
          x.open('GET', `${apiOrigin}/other/slow?delay=2000`);
          x.onabort = () => resolve(x.status);
          x.send();
          setTimeout(() => x.abort(), 50);
        });
        out.xhrFailed = await new Promise((resolve) => {
          const x = new XMLHttpRequest();
          x.open('GET', deadUrl);
          x.onerror = () => resolve(x.status);
          x.send();
        });
        return out;
      },
      { apiOrigin, deadUrl },
    );
    // The page saw normal results: wrapping changed nothing it can observe.
    expect(seen).toEqual({
      fetchJson: { path: '/other/get', method: 'GET', got: '' },
      postStatus: 200,
      notFound: 404,
      failed: 'TypeError: Failed to fetch',
      xhr: [200, 'PUT'],
      sync: [200, '/other/sync'],
      aborted: 0,
      xhrFailed: 0,
    });
    const requests = await waitForSignals(page, CustomTag.Network, (p) => p.length >= 8);
    await page.close();
    const byPath = (path: string) => requests.find((r) => r.url.includes(path)) as NetworkPayload;
    const startedAfter = Date.now() - 60_000;

    expect(byPath('/other/get?x=1')).toMatchObject({ initiator: 'fetch', method: 'GET', url: `${apiOrigin}/other/get?x=1`, status: 200 });
    expect(byPath('/other/get').responseBytes).toBeGreaterThan(10);
    expect(byPath('/other/post')).toMatchObject({ method: 'POST', status: 200, requestBytes: 11 });
    expect(byPath('/other/missing')).toMatchObject({ status: 404 });
    expect(byPath('/api/nothing')).toMatchObject({ initiator: 'fetch', status: 0, error: 'TypeError: Failed to fetch' });
    expect(byPath('/other/xhr')).toMatchObject({ initiator: 'xhr', method: 'PUT', status: 200, requestBytes: 5 });
    expect(byPath('/other/sync')).toMatchObject({ initiator: 'xhr', method: 'GET', status: 200 });
    expect(byPath('/other/slow')).toMatchObject({ initiator: 'xhr', status: 0, error: 'abort' });
    const xhrFailed = requests.find((r) => r.initiator === 'xhr' && r.url === deadUrl);
    expect(xhrFailed).toMatchObject({ status: 0, error: 'error' });
    for (const r of requests) {
      expect(r.startTime).toBeGreaterThan(startedAfter);
      expect(r.startTime).toBeLessThanOrEqual(Date.now());
      if (r.status) expect(r.durationMs, r.url).toBeGreaterThan(0);
      // No detail without allowUrls.
      for (const key of ['requestHeaders', 'responseHeaders', 'requestBody', 'responseBody']) expect(r).not.toHaveProperty(key);
    }
    // The SDK's own requests (config, ingest) never show up.
    expect(requests.some((r) => r.url.includes('/v1/'))).toBe(false);
  });

  it('keeps headers for allowed URLs only and never credential headers', async () => {
    const page = await open('<p>headers</p>', { capture: { network: { allowUrls: [`${apiOrigin}/api/`], headers: true } } });
    await page.evaluate(async (apiOrigin) => {
      const headers = {
        Authorization: 'Bearer s3cr3t-auth',
        'X-Api-Key': 'k3y-s3cr3t',
        'X-Session-Token': 'sess-t0ken-value',
        Cookie: 'c00kie-value', // forbidden for fetch: the browser drops it, we must not add it either
        'X-Request-Id': 'req-1',
      };
      await fetch(`${apiOrigin}/api/fetch`, { headers });
      await fetch(`${apiOrigin}/other/fetch`, { headers });
      await new Promise((resolve) => {
        const x = new XMLHttpRequest();
        x.open('GET', `${apiOrigin}/api/xhr`);
        for (const [k, v] of Object.entries(headers)) {
          try {
            x.setRequestHeader(k, v);
          } catch {
            // Cookie is refused by some browsers
          }
        }
        x.onloadend = resolve;
        x.send();
      });
    }, apiOrigin);
    const requests = await waitForSignals(page, CustomTag.Network, (p) => p.length >= 3);
    await page.close();
    const fetchApi = requests.find((r) => r.url.endsWith('/api/fetch'))!;
    const xhrApi = requests.find((r) => r.url.endsWith('/api/xhr'))!;
    const other = requests.find((r) => r.url.endsWith('/other/fetch'))!;
    for (const r of [fetchApi, xhrApi]) {
      expect(r.requestHeaders).toEqual({ 'x-request-id': 'req-1' });
      expect(r.responseHeaders).toMatchObject({ 'content-type': 'application/json', 'x-trace': 'trace-123' });
      for (const name of Object.keys({ ...r.requestHeaders, ...r.responseHeaders })) {
        expect(name).not.toMatch(/authorization|cookie|api-key|token|secret|password|auth/);
      }
    }
    expect(other).not.toHaveProperty('requestHeaders');
    expect(other).not.toHaveProperty('responseHeaders');
    const json = allJson();
    expect(json).toContain('req-1');
    for (const secret of SECRET_VALUES) expect(json).not.toContain(secret);
  });

  it('keeps bodies for allowed URLs only, capped, and leaves the response readable', async () => {
    const page = await open('<p>bodies</p>', { capture: { network: { allowUrls: ['/api/'], bodies: true, maxBodyBytes: 40 } } });
    const pageSaw = await page.evaluate(async (apiOrigin) => {
      const body = JSON.stringify({ query: 'allowed-body-marker', pad: 'x'.repeat(100) });
      const a = await fetch(`${apiOrigin}/api/echo`, { method: 'POST', body });
      const b = await fetch(`${apiOrigin}/other/echo`, { method: 'POST', body: 'other-body-marker' });
      const x = await new Promise<string>((resolve) => {
        const r = new XMLHttpRequest();
        r.open('POST', `${apiOrigin}/api/xhr-echo`);
        r.onload = () => resolve(r.responseText);
        r.send('xhr-body-marker');
      });
      return [(await a.json()).got.length, (await b.json()).got, JSON.parse(x).got];
    }, apiOrigin);
    expect(pageSaw).toEqual([140, 'other-body-marker', 'xhr-body-marker']);
    const requests = await waitForSignals(page, CustomTag.Network, (p) => p.length >= 3);
    await page.close();
    const allowed = requests.find((r) => r.url.endsWith('/api/echo'))!;
    expect(allowed.requestBody).toBe('{"query":"allowed-body-marker","pad":"xx…');
    expect(allowed.responseBody).toBe('{"path":"/api/echo","method":"POST","got…');
    const xhr = requests.find((r) => r.url.endsWith('/api/xhr-echo'))!;
    expect(xhr.requestBody).toBe('xhr-body-marker');
    expect(xhr.responseBody).toMatch(/^\{"path":"\/api\/xhr-echo"/);
    const other = requests.find((r) => r.url.endsWith('/other/echo'))!;
    expect(other).not.toHaveProperty('requestBody');
    expect(other).not.toHaveProperty('responseBody');
    expect(allJson()).not.toContain('other-body-marker');
  });
});

describe('navigation', () => {
  it('records the initial URL, pushState, replaceState and hashchange, without repeats', async () => {
    const page = await open('<p>nav</p>');
    const start = page.url();
    await page.evaluate(() => {
      history.pushState({}, '', '/next?step=2');
      history.replaceState({ same: true }, '', '/next?step=2');
      history.replaceState({}, '', '/next?step=3');
      location.hash = 'section';
    });
    const navs = await waitForSignals(page, CustomTag.Navigation, (p) => p.length >= 4);
    await page.close();
    const origin = harness.pageOrigin;
    expect(navs).toEqual<NavigationPayload[]>([
      { href: start, kind: 'load' },
      { href: `${origin}/next?step=2`, kind: 'pushState' },
      { href: `${origin}/next?step=3`, kind: 'replaceState' },
      { href: `${origin}/next?step=3#section`, kind: 'hashchange' },
    ]);
  });

  it('names the referrer of the page load, scrubbed like any URL, and none when there is none', async () => {
    harness.setPage('/from', '<!doctype html><a id="go" href="/to">go</a>');
    harness.setPage('/to', harness.pageWithSdk('<p>arrived</p>'));
    const page = await browser.newPage();
    await page.goto(`${harness.pageOrigin}/from?invited-by=ada@example.com`);
    await page.click('#go');
    await page.waitForFunction(() => 'EdgeReplay' in window);
    const [arrival] = await waitForSignals(page, CustomTag.Navigation, (p) => p.length >= 1);
    await page.close();
    expect(arrival).toEqual<NavigationPayload>({
      href: `${harness.pageOrigin}/to`,
      kind: 'load',
      referrer: `${harness.pageOrigin}/from?invited-by=***************`,
    });

    harness.received.length = 0;
    const direct = await open('<p>typed in</p>');
    const [load] = await waitForSignals(direct, CustomTag.Navigation, (p) => p.length >= 1);
    await direct.close();
    expect(load).toEqual<NavigationPayload>({ href: expect.stringContaining(harness.pageOrigin) as unknown as string, kind: 'load' });
  });
});

describe('clicks', () => {
  const body = `
    <main>
      <button id="buy">Buy <b>now</b></button>
      <nav class="menu top"><ul><li><a href="#one">One</a></li><li><a href="#two">Second item</a></li></ul></nav>
      <button id="noop" type="button">Does nothing</button>
      <button id="grow" type="button" onclick="document.body.appendChild(document.createElement('p'))">Adds a paragraph</button>
      <div id="counter" role="button" onclick="this.dataset.n = (+this.dataset.n || 0) + 1">Count</div>
    </main>`;

  it('records a selector, the visible text and the position', async () => {
    const page = await open(body, { privacy: { maskAllText: false } });
    await page.click('#buy');
    await page.click('nav li:nth-child(2) a');
    const clicks = await waitForSignals(page, CustomTag.Click, (p) => p.length >= 2);
    await page.close();
    const box = clicks[0]!;
    expect(box).toMatchObject<Partial<ClickPayload>>({ selector: '#buy', text: 'Buy now' });
    expect(box.x).toBeGreaterThan(0);
    expect(box.y).toBeGreaterThan(0);
    expect(clicks[1]).toMatchObject({ selector: 'main > nav.menu.top > ul > li:nth-of-type(2) > a', text: 'Second item' });
  });

  it('masks the click text like the replay when text masking is on (the default)', async () => {
    const page = await open(body);
    await page.click('#buy');
    const clicks = await waitForSignals(page, CustomTag.Click, (p) => p.length >= 1);
    await page.close();
    expect(clicks[0]!.selector).toBe('#buy');
    expect(clicks[0]!.text).toMatch(/^\*+ \*+$/);
    expect(allJson()).not.toContain('Buy now');
  });

  it('reports one rage click for a burst of fast clicks on the same element', async () => {
    const page = await open(body, { privacy: { maskAllText: false } });
    for (let i = 0; i < 5; i++) await page.click('#counter', { delay: 10 });
    const rage = await waitForSignals(page, CustomTag.RageClick, (p) => p.length >= 1);
    await page.waitForTimeout(1200);
    await flush(page);
    await page.close();
    expect(uploaded(CustomTag.Click)).toHaveLength(5);
    expect(uploaded(CustomTag.RageClick)).toEqual<RageClickPayload[]>([{ ...uploaded(CustomTag.Click)[0]!, count: 5 }]);
    expect(rage[0]).toMatchObject({ selector: '#counter', text: 'Count', count: 5 });
  });

  it('reports a dead click on a button that does nothing, and none on one that changes the DOM', async () => {
    const page = await open(body, { privacy: { maskAllText: false } });
    await page.click('#grow');
    await page.waitForTimeout(3_300);
    await page.click('#noop');
    const dead = await waitForSignals(page, CustomTag.DeadClick, (p) => p.length >= 1, 8_000);
    await page.close();
    expect(uploaded(CustomTag.Click).map((c) => c.selector)).toEqual(['#grow', '#noop']);
    expect(dead).toEqual([expect.objectContaining({ selector: '#noop', text: 'Does nothing' })]);
    expect(uploaded(CustomTag.RageClick)).toEqual([]);
  });
});

describe('options', () => {
  it('captures nothing beside the DOM when every module is off, and leaves the page untouched', async () => {
    const page = await open('<button id="b">b</button>', {
      capture: { console: false, errors: false, network: false, navigation: false, clicks: false },
    });
    const native = await page.evaluate(() => {
      console.log('not recorded');
      history.pushState({}, '', '/elsewhere');
      return [fetch, XMLHttpRequest.prototype.open, console.log, history.pushState].every((f) => /\[native code\]/.test(String(f)));
    });
    await page.click('#b');
    await flush(page);
    await harness.waitFor((r) => r.length > 0);
    await page.close();
    expect(native).toBe(true);
    expect(harness.received.flatMap((r) => r.batch.events).length).toBeGreaterThan(0);
    const tags = harness.received.flatMap((r) => r.batch.events).map((e) => (e.data as { tag?: string })?.tag).filter(Boolean);
    expect(tags.filter((t) => /^er\.(console|error|network|navigation|click)/.test(t!))).toEqual([]);
  });

  it('restores the native functions when recording stops', async () => {
    const page = await open('<p>stop</p>');
    const states = await page.evaluate(() => {
      const isNative = () => [fetch, XMLHttpRequest.prototype.send, console.warn, history.replaceState].map((f) => /\[native code\]/.test(String(f)));
      const before = isNative();
      (window as unknown as { EdgeReplay: { stop(): void } }).EdgeReplay.stop();
      return { before, after: isNative() };
    });
    await page.close();
    expect(states.before).toEqual([false, false, false, false]);
    expect(states.after).toEqual([true, true, true, true]);
  });
});
