/**
 * Capture fidelity, proved by a round trip: a page is recorded in Chromium with the SDK, and the
 * events it uploaded are replayed with @rrweb/replay in a second page set up like the dashboard's
 * player (sandbox without allow-scripts, no canvas replay). The replay is sought to its end and the
 * replayed DOM must show what the recorded page showed.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { flushRecording as flush } from '../browser.ts';
import { MIN_CHECKOUT_EVERY_MS } from '../../sdk/constants.ts';
import type { RecordedEvent } from '../../wire/index.ts';
import { browserAndHarnessPerTest } from './lifecycle.ts';
import { flushUntil, type Harness } from './harness.ts';

let harness: Harness;
let browser: Browser;

browserAndHarnessPerTest({ browser: (b) => (browser = b), harness: (h) => (harness = h) });

/** Text and media shown, so assertions can read them (privacy has its own tests). */
const SHOWN = { privacy: { maskAllText: false, blockAllMedia: false } };

const FULL_SNAPSHOT = 2;
const INCREMENTAL = 3;
const META = 4;
/** rrweb IncrementalSource values. */
const Source = { Mutation: 0, MouseMove: 1, MouseInteraction: 2, Scroll: 3, ViewportResize: 4, Input: 5, StyleSheetRule: 8, CanvasMutation: 9, AdoptedStyleSheet: 15 };
const CLICK = 2;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const incremental = (events: RecordedEvent[], source: number) =>
  events.filter((e) => e.type === INCREMENTAL && (e.data as { source: number }).source === source);
const fullSnapshots = (events: RecordedEvent[]) => events.filter((e) => e.type === FULL_SNAPSHOT);

/** Opens `body` with the SDK and resolves once its first full snapshot is uploaded. */
async function openRecorded(body: string, init: Record<string, unknown> = SHOWN): Promise<Page> {
  harness.setPage('/', harness.pageWithSdk(body, init));
  const page = await browser.newPage();
  await page.goto(`${harness.pageOrigin}/`);
  await page.waitForFunction(() => 'EdgeReplay' in window);
  await flushUntil(page, () => fullSnapshots(harness.acceptedEvents()).length > 0, () => 'no full snapshot');
  return page;
}

/** Flushes, then returns every accepted event of the session, in order. */
async function uploaded(page: Page): Promise<RecordedEvent[]> {
  const before = harness.received.length;
  await flush(page);
  await harness.waitFor((r) => r.length > before);
  return harness.acceptedEvents();
}

/** Records `body`, runs `act`, and returns every uploaded event. */
async function record(body: string, act: (page: Page) => Promise<void>, init?: Record<string, unknown>): Promise<RecordedEvent[]> {
  const page = await openRecorded(body, init);
  await act(page);
  const events = await uploaded(page);
  await page.close();
  expect(fullSnapshots(events).length).toBeGreaterThan(0);
  return events;
}

// ---- replay ------------------------------------------------------------------------------------

let replayBundle: Promise<string> | null = null;

/**
 * @rrweb/replay plus the dashboard's sandbox guard, bundled for the browser. `replayToEnd(events)`
 * builds a Replayer configured like dashboard/src/lib/player.svelte.ts and seeks past the last event.
 */
function replayScript(): Promise<string> {
  replayBundle ??= build({
    stdin: {
      contents: `
        import { Replayer } from '@rrweb/replay';
        import { assertSandboxed } from './dashboard/src/lib/replay-guards.ts';
        window.replayToEnd = async (events) => {
          const replayer = new Replayer(events, {
            root: document.getElementById('root'),
            UNSAFE_replayCanvas: false,
            triggerFocus: false,
            showWarning: false,
            mouseTail: false,
          });
          assertSandboxed(replayer.iframe);
          // The constructor defers a resize to the first Meta's viewport by a task: seek after it.
          await new Promise((resolve) => setTimeout(resolve, 0));
          // rrweb applies the events before the offset, strictly: at totalTime the last one is left out.
          replayer.pause(replayer.getMetaData().totalTime + 1);
          window.replayer = replayer;
        };`,
      resolveDir: fileURLToPath(new URL('../../', import.meta.url)),
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    logLevel: 'warning',
  }).then((r) => r.outputFiles[0].text);
  return replayBundle;
}

/** The replayed page: `read` runs in the replay page with the replay iframe's document. */
interface Replayed {
  page: Page;
  read<T>(read: (doc: Document) => T): Promise<T>;
  close(): Promise<void>;
}

async function replay(events: RecordedEvent[]): Promise<Replayed> {
  harness.setPage('/replay', '<!doctype html><html><head><meta charset="utf-8"></head><body><div id="root"></div></body></html>');
  const page = await browser.newPage();
  await page.goto(`${harness.pageOrigin}/replay`);
  await page.addScriptTag({ content: await replayScript() });
  await page.evaluate((e) => (window as unknown as { replayToEnd(e: unknown): Promise<void> }).replayToEnd(e), events);
  return {
    page,
    // `read` is written in this file: its source runs in the page against the replay iframe's document.
    read: <T>(read: (doc: Document) => T) => page.evaluate(`(${read.toString()})(window.replayer.iframe.contentDocument)`) as Promise<T>,
    close: () => page.close(),
  };
}

/** Polls `read` in the replayed document until it returns `expected` (async parts: stylesheets, images). */
async function expectReplayed<T>(replayed: Replayed, read: (doc: Document) => T, expected: T): Promise<void> {
  const deadline = Date.now() + 5_000;
  let last: T = await replayed.read(read);
  while (JSON.stringify(last) !== JSON.stringify(expected) && Date.now() < deadline) {
    await sleep(100);
    last = await replayed.read(read);
  }
  expect(last).toEqual(expected);
}

// ---- cases -------------------------------------------------------------------------------------

it('records same-origin iframes and the changes inside them, and they replay', async () => {
  harness.setPage('/child', '<!doctype html><html><body><p id="child-text">child-page-text</p></body></html>');
  const events = await record(
    `<p>outer page</p>
     <iframe id="doc" srcdoc="<p id='inside'>srcdoc-text</p><ul id='list'></ul>"></iframe>
     <iframe id="page" src="/child"></iframe>`,
    async (page) => {
      await page.waitForFunction(() => {
        const d = (document.querySelector('#page') as HTMLIFrameElement).contentDocument;
        return d?.querySelector('#child-text') !== null && d?.readyState === 'complete';
      });
      await sleep(100);
      await page.evaluate(() => {
        const srcdoc = (document.querySelector('#doc') as HTMLIFrameElement).contentDocument!;
        srcdoc.querySelector('#inside')!.textContent = 'srcdoc-changed';
        const li = srcdoc.createElement('li');
        li.textContent = 'added-in-srcdoc';
        srcdoc.querySelector('#list')!.append(li);
        const child = (document.querySelector('#page') as HTMLIFrameElement).contentDocument!;
        child.querySelector('#child-text')!.setAttribute('data-state', 'changed');
        child.body.insertAdjacentHTML('beforeend', '<b id="child-added">child-added-text</b>');
        // An iframe added after the snapshot.
        document.body.insertAdjacentHTML('beforeend', `<iframe id="late" srcdoc="<p id='late-text'>late-iframe-text</p>"></iframe>`);
      });
      await page.waitForFunction(() => {
        const d = (document.querySelector('#late') as HTMLIFrameElement).contentDocument;
        return d?.readyState === 'complete' && d.querySelector('#late-text') !== null;
      });
      await sleep(200);
    },
  );
  const json = JSON.stringify(events);
  expect(json).toContain('srcdoc-changed');
  expect(json).toContain('child-added-text');

  const replayed = await replay(events);
  await expectReplayed(
    replayed,
    (doc) => {
      const srcdoc = (doc.querySelector('#doc') as HTMLIFrameElement | null)?.contentDocument;
      const child = (doc.querySelector('#page') as HTMLIFrameElement | null)?.contentDocument;
      return {
        inside: srcdoc?.querySelector('#inside')?.textContent,
        list: srcdoc?.querySelector('#list')?.textContent,
        child: child?.querySelector('#child-text')?.textContent,
        state: child?.querySelector('#child-text')?.getAttribute('data-state'),
        added: child?.querySelector('#child-added')?.textContent,
        late: (doc.querySelector('#late') as HTMLIFrameElement | null)?.contentDocument?.querySelector('#late-text')?.textContent,
      };
    },
    {
      inside: 'srcdoc-changed',
      list: 'added-in-srcdoc',
      child: 'child-page-text',
      state: 'changed',
      added: 'child-added-text',
      late: 'late-iframe-text',
    },
  );
  await replayed.close();
});

const PRIVATE_FRAME = `<p id='t'>iframe-secret-text</p><p data-er-unmask>iframe-shown</p><input id='i'><img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>`;

/** Records a page with `iframe`, typing into its #i and adding text, with the default privacy settings. */
async function recordPrivateFrame(iframe: string): Promise<string> {
  const events = await record(
    `<p data-er-unmask>outer-shown</p>${iframe}`,
    async (page) => {
      await page.waitForFunction(() => (document.querySelector('#f') as HTMLIFrameElement).contentDocument?.readyState === 'complete');
      await page.waitForFunction(() => (document.querySelector('#f') as HTMLIFrameElement).contentDocument?.querySelector('#i') !== null);
      await sleep(100);
      await page.frameLocator('#f').locator('#i').pressSequentially('typed-in-iframe-secret');
      await page.evaluate(() => {
        const d = (document.querySelector('#f') as HTMLIFrameElement).contentDocument!;
        d.body.insertAdjacentHTML('beforeend', '<p>added-iframe-secret</p>');
      });
    },
    {},
  );
  const json = JSON.stringify(events);
  expect(json).toContain('outer-shown');
  expect(json).toContain('iframe-shown');
  expect(incremental(events, Source.Input).length).toBeGreaterThan(0);
  return json;
}

it('applies the privacy defaults to what same-origin iframes show', async () => {
  harness.setPage('/private', `<!doctype html><html><body>${PRIVATE_FRAME}</body></html>`);
  const json = await recordPrivateFrame('<iframe id="f" src="/private"></iframe>');
  for (const secret of ['iframe-secret-text', 'typed-in-iframe', 'added-iframe-secret', 'R0lGODlh']) expect(json).not.toContain(secret);
});

// rrweb records an iframe's srcdoc attribute as it is, a whole unmasked HTML document; the
// privacy pass drops it, since the iframe's document is recorded (masked) on its own.
it('does not upload the HTML of an iframe srcdoc attribute', async () => {
  const json = await recordPrivateFrame(`<iframe id="f" srcdoc="${PRIVATE_FRAME}"></iframe>`);
  for (const secret of ['iframe-secret-text', 'R0lGODlh']) expect(json).not.toContain(secret);
});

it('records open shadow roots, their styles and later changes inside them, and they replay', async () => {
  const events = await record(
    `<div id="host"></div>
     <script>
       const root = document.getElementById('host').attachShadow({ mode: 'open' });
       root.innerHTML = '<style>p { color: rgb(0, 128, 0); }</style><p id="in-shadow">shadow-text</p>';
     </script>`,
    async (page) => {
      await page.evaluate(() => {
        const root = document.getElementById('host')!.shadowRoot!;
        root.querySelector('#in-shadow')!.textContent = 'shadow-changed';
        const nested = document.createElement('section');
        nested.id = 'nested-host';
        root.append(nested);
        nested.attachShadow({ mode: 'open' }).innerHTML = '<em id="deep">nested-shadow-text</em>';
      });
    },
  );
  expect(JSON.stringify(events)).toContain('nested-shadow-text');

  const replayed = await replay(events);
  await expectReplayed(
    replayed,
    (doc) => {
      const root = doc.querySelector('#host')?.shadowRoot;
      const p = root?.querySelector('#in-shadow');
      return {
        text: p?.textContent,
        color: p ? doc.defaultView!.getComputedStyle(p).color : null,
        nested: root?.querySelector('#nested-host')?.shadowRoot?.querySelector('#deep')?.textContent,
      };
    },
    { text: 'shadow-changed', color: 'rgb(0, 128, 0)', nested: 'nested-shadow-text' },
  );
  await replayed.close();
});

it('records adopted stylesheets and CSS-in-JS rules (insertRule), before and after the snapshot, and they replay', async () => {
  const events = await record(
    `<p id="adopted">adopted</p><p id="injected">injected</p><p id="later">later</p><p id="later-adopted">later adopted</p>
     <div id="host"></div>
     <style id="css-in-js"></style>
     <script>
       const sheet = new CSSStyleSheet();
       sheet.replaceSync('#adopted { color: rgb(0, 0, 255); }');
       document.adoptedStyleSheets = [sheet];
       document.getElementById('css-in-js').sheet.insertRule('#injected { color: rgb(255, 0, 0); }');
       const shadowSheet = new CSSStyleSheet();
       shadowSheet.replaceSync('b { color: rgb(0, 128, 0); }');
       const root = document.getElementById('host').attachShadow({ mode: 'open' });
       root.innerHTML = '<b id="shadow-b">shadow</b>';
       root.adoptedStyleSheets = [shadowSheet];
     </script>`,
    async (page) => {
      await page.evaluate(() => {
        (document.getElementById('css-in-js') as HTMLStyleElement).sheet!.insertRule('#later { color: rgb(255, 165, 0); }', 1);
        const sheet = new CSSStyleSheet();
        sheet.replaceSync('#later-adopted { color: rgb(128, 0, 128); }');
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
        // A rule added to an already adopted sheet.
        document.adoptedStyleSheets[0].insertRule('#adopted { font-weight: 700; }', 1);
      });
    },
  );
  const rules = (source: number) => JSON.stringify(incremental(events, source));
  expect(rules(Source.StyleSheetRule)).toContain('#later');
  expect(rules(Source.StyleSheetRule)).toContain('font-weight: 700');
  expect(rules(Source.AdoptedStyleSheet)).toContain('#adopted');
  expect(rules(Source.AdoptedStyleSheet)).toContain('#later-adopted');
  expect(rules(Source.AdoptedStyleSheet)).toContain('rgb(0, 128, 0)');
  expect(JSON.stringify(fullSnapshots(events))).toContain('#injected');

  const replayed = await replay(events);
  await expectReplayed(
    replayed,
    (doc) => {
      const style = (selector: string) => {
        const el = doc.querySelector(selector) ?? doc.querySelector('#host')?.shadowRoot?.querySelector(selector);
        if (!el) return null;
        const computed = doc.defaultView!.getComputedStyle(el);
        return `${computed.color} ${computed.fontWeight}`;
      };
      return ['#adopted', '#injected', '#later', '#later-adopted', '#shadow-b'].map(style);
    },
    ['rgb(0, 0, 255) 700', 'rgb(255, 0, 0) 400', 'rgb(255, 165, 0) 400', 'rgb(128, 0, 128) 400', 'rgb(0, 128, 0) 700'],
  );
  await replayed.close();
});

it('records stylesheets that load after the snapshot or are added later, and the replay shows them without fetching them', async () => {
  const css = { 'content-type': 'text/css' };
  harness.setPage('/late.css', '#in-snapshot { color: rgb(0, 0, 255); }', css, 800);
  harness.setPage('/added.css', '#added-later { color: rgb(255, 0, 0); }', css, 800);
  // From the recorder's origin, without CORS: rrweb cannot read its rules, the replay must load it.
  harness.setPage('/opaque.css', '#cross-origin { color: rgb(0, 128, 0); }', css, 800);
  const opaqueUrl = `${harness.endpoint}/opaque.css`;
  const html = harness.pageWithSdk('<p id="in-snapshot">snapshot</p><p id="added-later">added</p><p id="cross-origin">cross</p>', SHOWN);
  harness.setPage('/', html.replace('</head>', `<link rel="stylesheet" href="/late.css"><link rel="stylesheet" href="${opaqueUrl}"></head>`));
  // A stylesheet in the head holds back neither the parser nor the recorder: once the document is
  // interactive, rrweb snapshots at once, before the stylesheets have loaded.
  const releaseRecorder = harness.holdRecorder();
  const page = await browser.newPage();
  await page.goto(`${harness.pageOrigin}/`, { waitUntil: 'domcontentloaded' });
  releaseRecorder();
  await page.evaluate(() => document.head.insertAdjacentHTML('beforeend', '<link rel="stylesheet" href="/added.css">'));
  const colors = (doc: Document) =>
    ['#in-snapshot', '#added-later', '#cross-origin'].map((s) => doc.defaultView!.getComputedStyle(doc.querySelector(s)!).color);
  const expected = ['rgb(0, 0, 255)', 'rgb(255, 0, 0)', 'rgb(0, 128, 0)'];
  await page.waitForFunction(`JSON.stringify((${colors.toString()})(document)) === '${JSON.stringify(expected)}'`);
  await sleep(100);
  const events = await uploaded(page);
  await page.close();

  // No link is recorded with an href to load before its text arrives: a replay would fetch it
  // (one seeking past the text, as below, skips the added one's fetch, not the snapshot's).
  const everyNode = (n: SerializedNode): SerializedNode[] => [n, ...(n.childNodes ?? []).flatMap(everyNode)];
  const snapshotLinks = everyNode((fullSnapshots(events)[0].data as { node: SerializedNode }).node).filter((n) => n.tagName === 'link');
  const mutations = incremental(events, Source.Mutation).map((e) => e.data as { adds: { node: SerializedNode }[]; attributes: { id: number; attributes: object }[] });
  const added = mutations.flatMap((m) => m.adds.map((a) => a.node)).filter((n) => n.tagName === 'link');
  expect([...snapshotLinks, ...added].map((n) => n.attributes)).toEqual([{ rel: 'stylesheet' }, { rel: 'stylesheet' }, { rel: 'stylesheet' }]);
  expect(JSON.stringify(events)).toContain('#in-snapshot {');
  expect(JSON.stringify(events)).toContain('#added-later {');
  // The unreadable one gets its href back once it has loaded.
  expect(mutations.flatMap((m) => m.attributes)).toContainEqual({ id: snapshotLinks[1]!.id, attributes: { href: opaqueUrl } });

  const requested = () => harness.pageRequests.filter((path) => path.endsWith('.css')).sort();
  expect(requested()).toEqual(['/added.css', '/late.css', '/opaque.css']);
  // Like the dashboard once the site is gone: what was recorded styles the replay, only the
  // stylesheet rrweb could not read is fetched.
  const replayed = await replay(events);
  await expectReplayed(replayed, colors, expected);
  await sleep(200);
  expect(requested()).toEqual(['/added.css', '/late.css', '/opaque.css', '/opaque.css']);
  await replayed.close();
});

it('records window and element scrolling and viewport resizes, and the replay scrolls and resizes to match', async () => {
  const events = await record(
    `<div style="height: 5000px">tall</div>
     <div id="box" style="height: 100px; overflow: auto"><div style="height: 1000px">inner</div></div>`,
    async (page) => {
      await page.evaluate(() => {
        window.scrollTo(0, 1234);
        document.getElementById('box')!.scrollTop = 321;
      });
      await sleep(400);
      await page.setViewportSize({ width: 800, height: 500 });
      await sleep(400);
    },
  );
  const scrolls = incremental(events, Source.Scroll).map((e) => e.data as { id: number; y: number });
  expect(scrolls.map((s) => s.y)).toContain(1234);
  expect(scrolls.map((s) => s.y)).toContain(321);
  const resizes = incremental(events, Source.ViewportResize).map((e) => e.data);
  expect(resizes.at(-1)).toEqual({ source: Source.ViewportResize, width: 800, height: 500 });

  const replayed = await replay(events);
  await expectReplayed(
    replayed,
    (doc) => {
      const frame = doc.defaultView!.frameElement as HTMLIFrameElement;
      return {
        windowY: doc.defaultView!.scrollY,
        boxY: doc.getElementById('box')?.scrollTop,
        size: [frame.getAttribute('width'), frame.getAttribute('height')],
      };
    },
    { windowY: 1234, boxY: 321, size: ['800', '500'] },
  );
  await replayed.close();
});

it('records mouse moves, clicks and typed input, and the replay ends with the cursor and the value', async () => {
  const events = await record(
    `<button id="b" style="position: absolute; left: 100px; top: 100px; width: 80px; height: 30px">press</button>
     <input id="i" style="position: absolute; left: 100px; top: 200px">`,
    async (page) => {
      // rrweb samples the pointer every MOUSEMOVE_SAMPLE_MS without a trailing sample: pause
      // between moves so each lands in the recording.
      for (const [x, y] of [[20, 20], [80, 60], [140, 115]]) {
        await page.mouse.move(x, y);
        await sleep(150);
      }
      await page.mouse.down();
      await page.mouse.up();
      await page.click('#i');
      await page.keyboard.type('typed-value');
      for (const [x, y] of [[250, 240], [300, 250]]) {
        await sleep(150);
        await page.mouse.move(x, y);
      }
      await sleep(700);
    },
    { privacy: { maskAllText: false, maskAllInputs: false } },
  );
  const moves = incremental(events, Source.MouseMove).flatMap((e) => (e.data as { positions: { x: number; y: number }[] }).positions);
  expect(moves.at(-1)).toMatchObject({ x: 300, y: 250 });
  const clicks = incremental(events, Source.MouseInteraction).filter((e) => (e.data as { type: number }).type === CLICK);
  expect(clicks.length).toBeGreaterThanOrEqual(2);
  expect(incremental(events, Source.Input).map((e) => (e.data as { text: string }).text)).toContain('typed-value');

  const replayed = await replay(events);
  await expectReplayed(
    replayed,
    (doc) => {
      const mouse = doc.defaultView!.frameElement!.parentElement!.querySelector('.replayer-mouse') as HTMLElement;
      return { value: (doc.getElementById('i') as HTMLInputElement | null)?.value, mouse: [mouse.style.left, mouse.style.top] };
    },
    { value: 'typed-value', mouse: ['300px', '250px'] },
  );
  await replayed.close();
});

it('takes a fresh Meta + full snapshot every checkoutEveryMs, opening its own batch that replays on its own', async () => {
  const page = await openRecorded('<p id="t">first</p>', { ...SHOWN, checkoutEveryMs: MIN_CHECKOUT_EVERY_MS });
  // rrweb checks the interval when an incremental event arrives, so something has to happen then.
  await sleep(MIN_CHECKOUT_EVERY_MS + 500);
  await page.evaluate(() => (document.getElementById('t')!.textContent = 'changed-before-checkout'));
  await sleep(100);
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<p id="after">added-after-checkout</p>'));
  const events = await uploaded(page);
  await page.close();

  expect(fullSnapshots(events)).toHaveLength(2);
  const batches = harness.received.filter((r) => r.status === 200).map((r) => r.batch);
  const second = batches.findIndex((b) => b.events.some((e) => e.type === FULL_SNAPSHOT) && b.seq > 0);
  expect(second).toBeGreaterThan(0);
  const segment = batches.slice(second).flatMap((b) => b.events);
  expect(segment.slice(0, 2).map((e) => e.type)).toEqual([META, FULL_SNAPSHOT]);
  expect(segment[1].timestamp - events.find((e) => e.type === FULL_SNAPSHOT)!.timestamp).toBeGreaterThanOrEqual(MIN_CHECKOUT_EVERY_MS);
  expect(JSON.stringify(segment[1])).toContain('changed-before-checkout');

  // Like a seek that loads one stored segment: the later batches alone replay the page.
  const replayed = await replay(segment);
  await expectReplayed(
    replayed,
    (doc) => [doc.getElementById('t')?.textContent, doc.getElementById('after')?.textContent],
    ['changed-before-checkout', 'added-after-checkout'],
  );
  await replayed.close();
});

// ---- canvas ------------------------------------------------------------------------------------

const CANVAS_PAGE = `<canvas id="c" width="40" height="20"></canvas><p>canvas page</p>
  <script>
    const ctx = document.getElementById('c').getContext('2d');
    ctx.fillStyle = 'rgb(255, 0, 0)';
    ctx.fillRect(0, 0, 40, 20);
  </script>`;

/** Paints the canvas blue after the full snapshot, adds a text node, and waits for a few canvas frames. */
const paintBlue = async (page: Page) => {
  await page.evaluate(() => {
    const ctx = (document.getElementById('c') as HTMLCanvasElement).getContext('2d')!;
    ctx.fillStyle = 'rgb(0, 0, 255)';
    ctx.fillRect(0, 0, 40, 20);
    document.body.append('painted');
  });
  await sleep(1_500);
};

const canvasFrames = (events: RecordedEvent[]) => incremental(events, Source.CanvasMutation);

it('records no canvas content by default', async () => {
  const events = await record(CANVAS_PAGE, paintBlue, SHOWN);
  expect(JSON.stringify(events)).toContain('painted');
  expect(JSON.stringify(fullSnapshots(events))).toContain('"tagName":"canvas"');
  expect(JSON.stringify(events)).not.toContain('rr_dataURL');
  expect(canvasFrames(events)).toEqual([]);
});

it('with recordCanvas, records canvas frames; the replay shows the canvas as of the full snapshot', async () => {
  const events = await record(CANVAS_PAGE, paintBlue, { ...SHOWN, recordCanvas: true });
  expect(JSON.stringify(fullSnapshots(events))).toContain('"rr_dataURL":"data:image/webp;base64,');
  const frames = canvasFrames(events);
  expect(frames.length).toBeGreaterThan(0);

  const replayed = await replay(events);
  // The last frame holds the blue canvas: decode it in the browser.
  const last = frames.at(-1)!.data as { commands: { property: string; args: unknown[] }[] };
  const image = (last.commands[1].args[0] as { args: { data: { base64: string }[]; type: string }[] }).args[0];
  const framePixel = await replayed.page.evaluate(async ({ base64, type }) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    return Array.from(ctx.getImageData(5, 5, 1, 1).data);
  }, { base64: image.data[0].base64, type: image.type });
  expect(isColor(framePixel, [0, 0, 255])).toBe(true);

  // @rrweb/replay applies canvas frames only with UNSAFE_replayCanvas (scripts in the replay
  // iframe), which the player never sets: the replayed canvas shows the full snapshot's image.
  const replayedPixel = await pollPixel(replayed);
  expect(isColor(replayedPixel, [255, 0, 0]), `replayed pixel ${replayedPixel}`).toBe(true);
  await replayed.close();
});

it('with recordCanvas, still records nothing drawn on canvases that blockAllMedia blocks', async () => {
  const events = await record(
    `${CANVAS_PAGE}<canvas id="open" data-er-unblock width="10" height="10"></canvas>
     <script>document.getElementById('open').getContext('2d').fillRect(0, 0, 10, 10);</script>`,
    paintBlue,
    { privacy: { maskAllText: false }, recordCanvas: true },
  );
  const root = (fullSnapshots(events)[0].data as { node: SerializedNode }).node;
  // A blocked element keeps only its size.
  const blocked = findNode(root, (n) => n.tagName === 'canvas' && n.attributes?.rr_width === '40px')!;
  const open = findNode(root, (n) => n.attributes?.id === 'open')!;
  expect(blocked.attributes).toEqual({ rr_width: '40px', rr_height: '20px' });
  expect(open.attributes!.rr_dataURL).toMatch(/^data:image\/webp;base64,/);
  const framed = new Set(canvasFrames(events).map((e) => (e.data as { id: number }).id));
  expect([...framed]).toEqual([open.id]);
});

interface SerializedNode {
  id: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
}

function findNode(node: SerializedNode, match: (n: SerializedNode) => boolean): SerializedNode | null {
  if (match(node)) return node;
  for (const child of node.childNodes ?? []) {
    const found = findNode(child, match);
    if (found) return found;
  }
  return null;
}

it('with recordCanvas, keeps recording the page where workers are forbidden or cannot be built', async () => {
  // Chromium blocks a worker the CSP forbids after constructing it: rrweb records no frames.
  harness.setPage('/csp', harness.pageWithSdk(CANVAS_PAGE, { ...SHOWN, recordCanvas: true }), { 'content-security-policy': "worker-src 'none'" });
  const csp = await browser.newPage();
  await csp.goto(`${harness.pageOrigin}/csp`);
  await csp.waitForFunction(() => 'EdgeReplay' in window);
  await paintBlue(csp);
  const cspEvents = await uploaded(csp);
  await csp.close();
  expect(fullSnapshots(cspEvents)).toHaveLength(1);
  expect(JSON.stringify(cspEvents)).toContain('painted');
  expect(canvasFrames(cspEvents)).toEqual([]);

  // Where the Worker constructor throws instead, rrweb's record() throws: the SDK records again
  // without canvas frames.
  const sessions = new Set(harness.received.map((r) => r.batch.sessionId));
  const throwing = await browser.newPage();
  await throwing.addInitScript(() => {
    (window as unknown as { Worker: unknown }).Worker = function Worker() {
      throw new DOMException('worker blocked', 'SecurityError');
    };
  });
  await throwing.goto(`${harness.pageOrigin}/csp`);
  await throwing.waitForFunction(() => 'EdgeReplay' in window);
  await paintBlue(throwing);
  await flush(throwing);
  await throwing.close();
  const later = harness.received.filter((r) => !sessions.has(r.batch.sessionId)).flatMap((r) => r.batch.events);
  expect(fullSnapshots(later)).toHaveLength(1);
  expect(JSON.stringify(later)).toContain('painted');
  expect(canvasFrames(later)).toEqual([]);
});

const isColor = (pixel: number[], [r, g, b]: number[]) =>
  Math.abs(pixel[0] - r) < 16 && Math.abs(pixel[1] - g) < 16 && Math.abs(pixel[2] - b) < 16 && pixel[3] === 255;

/** The replayed canvas's pixel at (5, 5), once its snapshot image has loaded. */
async function pollPixel(replayed: Replayed): Promise<number[]> {
  const read = (doc: Document) => {
    const canvas = doc.getElementById('c') as HTMLCanvasElement | null;
    return canvas ? Array.from(canvas.getContext('2d')!.getImageData(5, 5, 1, 1).data) : [];
  };
  const deadline = Date.now() + 5_000;
  let pixel = await replayed.read(read);
  while (pixel[3] !== 255 && Date.now() < deadline) {
    await sleep(100);
    pixel = await replayed.read(read);
  }
  return pixel;
}
