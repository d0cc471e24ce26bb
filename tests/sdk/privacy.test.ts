/**
 * Privacy in a real browser: what rrweb and the SDK upload never contains what the settings hide.
 * Each test checks the uploads first hold a full snapshot and something that should be visible, so
 * "not found" means masked, not "never recorded".
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { flushRecording as flush } from '../browser.ts';
import { renderSnippet } from '../../sdk/snippet.ts';
import { browserAndHarnessPerTest } from './lifecycle.ts';
import { PROJECT_KEY, flushUntil, type Harness } from './harness.ts';

let harness: Harness;
let browser: Browser;

browserAndHarnessPerTest({ browser: (b) => (browser = b), harness: (h) => (harness = h) });

type Privacy = Record<string, unknown>;

const uploads = () => harness.received.map((r) => r.json).join('\n');
const hasFullSnapshot = () => harness.received.some((r) => r.batch.events.some((e) => e.type === 2));

/**
 * Opens `body` with the SDK, waits until the full snapshot is uploaded (so what `act` does is
 * recorded as changes), runs `act`, flushes, and returns every uploaded byte as text.
 */
async function record(body: string, privacy: Privacy | undefined, act: (page: Page) => Promise<void> = async () => {}): Promise<string> {
  harness.setPage('/', harness.pageWithSdk(body, privacy ? { privacy } : {}));
  return recordPage(act);
}

async function recordPage(act: (page: Page) => Promise<void>): Promise<string> {
  const page = await browser.newPage();
  await page.goto(`${harness.pageOrigin}/`);
  await page.waitForFunction(() => 'EdgeReplay' in window);
  await flushUntil(page, hasFullSnapshot, () => 'no full snapshot');
  const before = harness.received.length;
  await act(page);
  await flush(page);
  await harness.waitFor((r) => r.length > before);
  await page.close();
  const all = uploads();
  expect(all).toContain('"type":2');
  return all;
}

const expectHidden = (all: string, secrets: string[]) => {
  for (const secret of secrets) expect(all, `uploaded: ${secret}`).not.toContain(secret);
};
const expectShown = (all: string, visible: string[]) => {
  for (const text of visible) expect(all, `not uploaded: ${text}`).toContain(text);
};

it('never uploads what is typed into text, email, textarea or password fields (defaults)', async () => {
  const all = await record(
    `<p data-er-unmask>form below</p><input id="t" type="text"><input id="e" type="email"><textarea id="a"></textarea><input id="p" type="password">`,
    undefined,
    async (page) => {
      await page.type('#t', 'typed-text-secret');
      await page.type('#e', 'typed@email-secret.test');
      await page.type('#a', 'typed-area-secret');
      await page.type('#p', 'typed-pass-secret');
      // A value set by script goes through the same masking.
      await page.evaluate(() => ((document.querySelector('#t') as HTMLInputElement).value = 'script-set-secret'));
    },
  );
  expectShown(all, ['form below', '"*****************"']);
  expectHidden(all, ['typed-text', 'text-secret', 'email-secret', 'typed@', 'area-secret', 'pass-secret', 'script-set']);
});

it('masks page text by default and shows it inside data-er-unmask or er-unmask, except under er-mask', async () => {
  const all = await record(
    `<h1>hidden-heading</h1><p>hidden-paragraph words</p>
     <div data-er-unmask><p>shown-by-attribute</p><p>outer-shown <span class="er-mask">inner-masked-secret</span></p></div>
     <p class="er-unmask">shown-by-class</p><p id="later"></p><div data-er-unmask id="later-open"></div>
     <div id="host"></div><div id="open-host" data-er-unmask></div>
     <script>
       document.getElementById('host').attachShadow({ mode: 'open' }).innerHTML = 'shadow-secret <b>shadow-b-secret</b>';
       document.getElementById('open-host').attachShadow({ mode: 'open' }).innerHTML = '<b>shadow-shown</b>';
     </script>`,
    undefined,
    async (page) => {
      await page.evaluate(() => {
        document.querySelector('#later')!.textContent = 'added-later-secret';
        document.querySelector('#later-open')!.textContent = 'added-later-shown';
        (document.querySelector('.er-mask')!.firstChild as Text).data = 'changed-in-place-secret';
        // Text straight in a shadow root has no parent element: rrweb would not mask it.
        const shadow = document.querySelector('#host')!.shadowRoot!;
        shadow.append('shadow-added-secret');
        (shadow.firstChild as Text).data = 'shadow-changed-secret';
        document.querySelector('#open-host')!.shadowRoot!.append('shadow-added-shown');
      });
    },
  );
  expectShown(all, ['shown-by-attribute', 'outer-shown', 'shown-by-class', 'added-later-shown', '"**************"']);
  expectShown(all, ['shadow-shown', 'shadow-added-shown']);
  expectHidden(all, ['hidden-heading', 'hidden-paragraph', 'words', 'inner-masked', 'added-later-secret', 'changed-in-place']);
  expectHidden(all, ['shadow-secret', 'shadow-b-secret', 'shadow-added-secret', 'shadow-changed']);
});

it('with maskAllText and maskAllInputs off, still scrubs emails and card numbers from text and values', async () => {
  const all = await record(
    `<p>Write to jane.doe@example.com or pay with 4111 1111 1111 1111 today.</p>
     <p>Order 20260501-1234 placed 2026-05-01, call 555-123-4567, ref 1234567890123.</p>
     <p id="later"></p><input id="t" type="text"><textarea id="a"></textarea>`,
    { maskAllText: false, maskAllInputs: false },
    async (page) => {
      await page.fill('#t', 'card 4242-4242-4242-4242 mail bob@example.org end');
      await page.fill('#a', 'amex 378282246310005 fine');
      await page.evaluate(() => (document.querySelector('#later')!.textContent = 'late mail late.secret@example.net here'));
    },
  );
  // Everything else stays readable, ordinary numbers included (1234567890123 fails the Luhn check).
  expectShown(all, ['Write to ', 'or pay with', 'today.', '20260501-1234', '2026-05-01', '555-123-4567', '1234567890123']);
  expectShown(all, ['card ', ' mail ', ' end', 'amex ', ' fine', 'late mail ', ' here', '****-****-****-****']);
  expectHidden(all, ['jane.doe', 'example.com', '4111 1111', '4242-4242', 'bob@', 'example.org', '378282246310005', 'late.secret']);
});

it('masks passwords even with maskAllInputs off and inside data-er-unmask', async () => {
  const all = await record(
    `<input id="p1" type="password"><div data-er-unmask><input id="p2" type="password"><input id="open" type="text"></div>`,
    { maskAllInputs: false },
    async (page) => {
      await page.type('#p1', 'first-password-secret');
      await page.type('#p2', 'second-password-secret');
      await page.type('#open', 'open-field-shown');
    },
  );
  expectShown(all, ['open-field-shown']);
  expectHidden(all, ['first-password', 'second-password', 'password-secret']);
});

it('never uploads a password through a show-password toggle (type password → text → password)', async () => {
  const all = await record(
    `<div data-er-unmask><input id="p" type="password"><button id="show" type="button">show</button><input id="q" type="password"><input id="open" type="text"></div>
     <script>
       document.getElementById('show').addEventListener('click', () => {
         const p = document.getElementById('p');
         p.type = p.type === 'password' ? 'text' : 'password';
       });
     </script>`,
    { maskAllInputs: false },
    async (page) => {
      await page.type('#p', 'hunter2-');
      await page.click('#show');
      await page.type('#p', 'shown-while-text-');
      await page.click('#show');
      await page.type('#p', 'hidden-again-');
      await page.click('#show');
      await page.type('#p', 'last-bit');
      // A fresh password field switched to text, filled and announced with an input event in one
      // task (as a script filling in a remembered password might): rrweb's handler runs before
      // any mutation batch could mark the field.
      await page.evaluate(() => {
        const q = document.querySelector('#q') as HTMLInputElement;
        q.type = 'text';
        q.value = 'same-task-secret';
        q.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await page.type('#open', 'open-field-shown');
    },
  );
  // The toggle itself was recorded, and an unmasked field next to it shows.
  expectShown(all, ['"type":"text"', '"type":"password"', 'open-field-shown']);
  expectHidden(all, ['hunter2', 'shown-while', 'while-text', 'hidden-again', 'same-task', 'last-bit']);
});

it('never uploads title, placeholder, aria-label, alt or value of masked elements, also when set later', async () => {
  const all = await record(
    `<input id="i" type="text" title="title-secret" placeholder="placeholder-secret" aria-label="aria-secret" value="value-attr-secret">
     <input id="cleared" type="text" value="cleared-value-secret"><script>document.getElementById('cleared').value = ''</script>
     <input type="checkbox" value="checkbox-value-secret"><input type="submit" value="submit-label-secret">
     <span title="span-title-secret">x</span><img data-er-unblock alt="alt-secret" width="10" height="10">
     <div data-er-unmask><span id="open" title="shown-title">shown-text</span></div><div id="box"></div>`,
    undefined,
    async (page) => {
      await page.evaluate(() => {
        const i = document.querySelector('#i')!;
        i.setAttribute('title', 'late-title-secret');
        i.setAttribute('placeholder', 'late-placeholder-secret');
        i.setAttribute('aria-label', 'late-aria-secret');
        i.setAttribute('value', 'late-value-secret');
        document.querySelector('#open')!.setAttribute('title', 'late-shown-title');
        document.querySelector('#box')!.innerHTML =
          '<input title="added-title-secret" placeholder="added-placeholder-secret" value="added-value-secret">' +
          '<button aria-label="added-aria-secret">b</button>';
      });
    },
  );
  expectShown(all, ['shown-title', 'shown-text', 'late-shown-title', '"title":"************"']);
  expectHidden(all, ['title-secret', 'placeholder-secret', 'aria-secret', 'value-attr', 'cleared-value', 'checkbox-value']);
  expectHidden(all, ['submit-label', 'alt-secret', 'late-value', 'added-value']);
});

it('blocks media by default as same-size placeholders, and records media marked data-er-unblock', async () => {
  const all = await record(
    `<img src="/media/photo-secret.png" width="40" height="30" alt="">
     <img data-er-unblock src="/media/logo-shown.png" width="20" height="20" alt="">
     <video src="/media/video-secret.mp4" width="64" height="48"></video><audio src="/media/audio-secret.mp3"></audio>
     <svg width="50" height="50"><image href="/media/svg-image-secret.png" width="50" height="50"/></svg>
     <picture><source srcset="/media/source-secret.webp"><img src="/media/picture-secret.png" width="5" height="5" alt=""></picture>
     <div id="box"></div>`,
    undefined,
    async (page) => {
      await page.evaluate(() => {
        document.querySelector('#box')!.innerHTML = '<img src="/media/added-secret.png" width="12" height="12" alt="">';
      });
    },
  );
  expectShown(all, ['/media/logo-shown.png', '"rr_width":"40px"', '"rr_height":"30px"', '"rr_width":"12px"']);
  expectHidden(all, ['photo-secret', 'video-secret', 'audio-secret', 'svg-image-secret', 'picture-secret', 'added-secret']);
});

it('masks er-mask and blocks er-block elements (and extra selectors) with everything else shown', async () => {
  const all = await record(
    `<p>open-text</p><img src="/media/open-image.png" width="4" height="4" alt="">
     <div class="er-mask">class-masked-secret <input id="m1" type="text"></div>
     <div data-er-mask>attribute-masked-secret <input id="m2" type="text" placeholder="mask-placeholder-secret"></div>
     <div class="er-block" title="block-title-secret">class-blocked-secret</div>
     <div data-er-block>attribute-blocked-secret <input id="b1" type="text"></div>
     <p class="custom-mask">custom-masked-secret</p><p id="custom-block">custom-blocked-secret</p>
     <input id="open" type="text">`,
    { maskAllText: false, maskAllInputs: false, blockAllMedia: false, mask: ['.custom-mask'], block: '#custom-block' },
    async (page) => {
      await page.type('#m1', 'typed-in-class-mask');
      await page.type('#m2', 'typed-in-attribute-mask');
      await page.type('#b1', 'typed-in-block');
      await page.type('#open', 'typed-open-shown');
    },
  );
  expectShown(all, ['open-text', '/media/open-image.png', 'typed-open-shown', '"rr_width"']);
  expectHidden(all, ['class-masked', 'attribute-masked', 'mask-placeholder', 'class-blocked', 'block-title']);
  expectHidden(all, ['attribute-blocked', 'custom-masked', 'custom-blocked', 'typed-in-']);
});

it('refuses to start with an invalid privacy selector rather than record unmasked', async () => {
  harness.setPage('/', harness.pageWithSdk('<p>text</p>', { privacy: { unmask: ['[[nope'] } }));
  const page = await browser.newPage();
  const warnings: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.goto(`${harness.pageOrigin}/`);
  await page.waitForFunction(() => 'EdgeReplay' in window);
  await flush(page);
  await new Promise((r) => setTimeout(r, 300));
  await page.close();
  expect(warnings.join('\n')).toContain('privacy.unmask: not a CSS selector: [[nope');
  expect(harness.received).toHaveLength(0);
});

it('records the demo page readable but private: its markers show the copy, never what is typed', async () => {
  const demo = new URL('../../demo/', import.meta.url);
  const [html, app] = await Promise.all([readFile(new URL('index.html', demo), 'utf8'), readFile(new URL('app.js', demo), 'utf8')]);
  const snippet = renderSnippet({ endpoint: harness.endpoint, projectKey: PROJECT_KEY });
  // The harness serves pages only: app.js goes inline, the stylesheet and logo stay 404s.
  const page = html
    .replace('<!--EDGE_REPLAY_SNIPPET-->', snippet)
    .replace('<script type="module" src="app.js"></script>', () => `<script type="module">${app}</script>`);
  expect(page).toContain(snippet);
  harness.setPage('/', page);
  const all = await recordPage(async (p) => {
    await p.click('#nav-form');
    await p.fill('#name', 'Ada Lovelace');
    await p.fill('#email', 'ada@example.com');
    await p.fill('#password', 'demo-password-secret');
    await p.fill('#message', 'demo-message-secret');
    await p.selectOption('#plan', 'team');
    await p.click('#submit-form');
    await p.click('#nav-list');
    await p.fill('#new-item', 'Water the plants');
    await p.click('#add-item');
  });
  expectShown(all, ['Welcome to the edge-replay demo', 'Sign up', 'Preferred contact', 'Open the demo page', 'Water the plants']);
  // The unblocked logo keeps its src (blocked images keep only class and size).
  expectShown(all, ['"class":"hero-logo","src":"http://localhost', 'masked in the recording']);
  expectHidden(all, ['Ada', 'Lovelace', 'ada@example.com', 'demo-password', 'demo-message', 'Thanks', 'team plan']);
});

it('scrubs emails and card numbers from console, error and navigation signals', async () => {
  const all = await record('<p data-er-unmask>signals</p>', undefined, async (page) => {
    await page.evaluate(() => {
      console.log('signed in as grace@example.com', { card: '4111 1111 1111 1111' });
      history.pushState({}, '', '?invite=linus@example.org');
      setTimeout(() => {
        throw new Error('payment failed for ada@example.com');
      });
    });
    await page.waitForTimeout(200);
  });
  expectShown(all, ['er.console', 'signed in as', 'er.error', 'payment failed for', 'er.navigation']);
  expectHidden(all, ['grace@example.com', '4111 1111 1111 1111', 'linus@example.org', 'ada@example.com']);
});
