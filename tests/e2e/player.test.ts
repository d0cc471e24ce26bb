/**
 * The player streams a tab's segments: a session of three parts, eleven minutes apart, is written
 * out as three segments (a segment is cut at the next full snapshot after ten minutes). Opening
 * it loads one segment; a seek loads the one segment covering it; playing on across a boundary
 * fetches the next one ahead; panels and the seek bar seek, and "Next error" finds an error in a
 * segment not loaded yet from the manifest's markers. Every check reads the replayed DOM.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { REPO } from '../../scripts/paths.ts';
import { CustomTag, EventType, type RecordedEvent } from '../../wire/index.ts';
import { MINUTE, endedSession, ingestSession, navigation, retitle, signal, snapshot } from './player-seed.ts';
import { useLocalStack } from './stack.ts';
import { clock, replayFrame, replayedTitle, seekBar, settled, status } from './player-page.ts';

const ARTIFACTS = join(REPO, 'tests/artifacts');
const env = useLocalStack({ SESSION_IDLE_TIMEOUT_MS: '5000', FINAL_GRACE_MS: '500' });

const PART_MS = 11 * MINUTE;
let sessionId = '';

/** Part n (1–3) starts at (n − 1) × 11 min: "Part n", "Part n (later)" from +1 min, "Part n (end)" at +10:58. */
function visit(start: number): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  for (let part = 1; part <= 3; part++) {
    const at = start + (part - 1) * PART_MS;
    const href = `https://shop.test/part-${part}`;
    events.push(...snapshot(at, `Part ${part}`, href), navigation(at + 2, href));
    events.push(retitle(at + MINUTE, `Part ${part} (later)`), retitle(at + PART_MS - 2_000, `Part ${part} (end)`));
  }
  events.push(signal(start + 30_000, CustomTag.Console, { level: 'log', args: ['hello from part 1'] }));
  events.push(
    signal(start + PART_MS + 2 * MINUTE, CustomTag.Network, {
      initiator: 'fetch',
      method: 'GET',
      url: 'https://shop.test/api/cart',
      status: 200,
      startTime: start + PART_MS + 2 * MINUTE - 120,
      durationMs: 120,
    }),
  );
  // A console error in part 2: a marker of its own kind, and "Next error" stops there.
  events.push(signal(start + PART_MS + 5 * MINUTE, CustomTag.Console, { level: 'error', args: ['payment widget crashed'] }));
  events.push(signal(start + 2 * PART_MS + 5 * MINUTE, CustomTag.Error, { kind: 'error', name: 'TypeError', message: 'checkout failed', stack: 'at pay (shop.js:9)' }));
  return events;
}

beforeAll(async () => {
  sessionId = await ingestSession(env.stack, visit(Date.now() - 40 * MINUTE));
  const detail = await endedSession(env.stack, sessionId);
  expect(detail.manifest.segments.map((s) => s.index)).toEqual([0, 1, 2]);
});

/** A viewer page that records which segments it downloads. */
async function openViewer(hash: string): Promise<{ page: Page; segments: number[] }> {
  const page = await env.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const segments: number[] = [];
  page.on('request', (request) => {
    const match = /\/segments\/(\d+)$/.exec(new URL(request.url()).pathname);
    if (match) segments.push(Number(match[1]));
  });
  await page.goto(`${env.stack.origin}/${hash}`);
  return { page, segments };
}


it('opens on one segment, seeks by loading one more, plays on across a boundary, and seeks from the panels', async () => {
  const { page, segments } = await openViewer(`#/sessions/demo/${sessionId}`);
  await settled(page, 'ready');
  expect(await replayedTitle(page)).toBe('Part 1');
  expect(segments).toEqual([0]);
  // The seek bar spans the whole tab and shows the error in the last part, not loaded yet.
  expect(await page.getByTestId('time').textContent()).toContain('/ 32:58');
  expect(await page.getByTestId('marker-error').count()).toBe(1);
  expect(await page.getByTestId('marker-console-error').count()).toBe(1);
  expect(await page.getByTestId('panel-partial').textContent()).toContain('1 of 3');
  expect(await page.getByTestId('next-error').isEnabled()).toBe(true);

  // A seek into the last part downloads that one segment and shows its state at that moment.
  await seekBar(page, 25 * MINUTE);
  await settled(page);
  expect(await replayedTitle(page)).toBe('Part 3 (later)');
  expect(await clock(page)).toBe('25:00');
  expect(segments).toEqual([0, 2]);
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'player-seek.png') });

  // Back into the first part: it is cached.
  await seekBar(page, 10 * MINUTE + 50_000);
  await settled(page);
  expect(await replayedTitle(page)).toBe('Part 1 (later)');
  expect(segments).toEqual([0, 2]);

  // Playing at 8× through the end of part 1: the next segment is fetched ahead and plays on.
  await page.getByTestId('speed-8').click();
  await page.getByTestId('play').click();
  await expect.poll(() => replayedTitle(page), { timeout: 20_000 }).toBe('Part 2');
  expect(await status(page)).toBe('playing');
  expect(segments).toEqual([0, 2, 1]);
  await page.getByTestId('play').click();
  await settled(page);

  // Clicking a console entry seeks to it.
  await page.getByTestId('panel-console').click();
  await page.getByTestId('panel-entry').filter({ hasText: 'hello from part 1' }).locator('.row').click();
  await settled(page);
  expect(await clock(page)).toBe('0:30');
  expect(await replayedTitle(page)).toBe('Part 1');

  // "Next error" stops at the console error, then at the error; its entry is then the current one in the Errors panel.
  await page.getByTestId('next-error').click();
  await settled(page);
  expect(await clock(page)).toBe('16:00');
  await page.getByTestId('next-error').click();
  await settled(page);
  expect(await clock(page)).toBe('27:00');
  expect(await replayedTitle(page)).toBe('Part 3 (later)');
  await page.getByTestId('panel-errors').click();
  const error = page.getByTestId('panel-entry').filter({ hasText: 'TypeError: checkout failed' });
  expect(await error.getAttribute('class')).toContain('current');
  await page.screenshot({ path: join(ARTIFACTS, 'player-next-error.png') });

  // Clicking a network entry seeks to it.
  await page.getByTestId('panel-network').click();
  await page.getByTestId('panel-entry').filter({ hasText: 'GET https://shop.test/api/cart 200' }).locator('.row').click();
  await settled(page);
  expect(await clock(page)).toBe('13:00');
  expect(await replayedTitle(page)).toBe('Part 2 (later)');
  // Every part is loaded now: the panels say nothing about missing parts.
  expect(await page.getByTestId('panel-partial').count()).toBe(0);
  expect(segments).toEqual([0, 2, 1]);
  await page.close();
});

it('opens a link to a moment with the one segment that covers it', async () => {
  const { page, segments } = await openViewer(`#/sessions/demo/${sessionId}?t=${23 * MINUTE}`);
  await settled(page);
  expect(await replayedTitle(page)).toBe('Part 3 (later)');
  expect(await clock(page)).toBe('23:00');
  expect(segments).toEqual([2]);

  // Keyboard: → steps 5 s, ← back, E jumps to the next error, 4 picks 8×, space plays and pauses.
  await page.keyboard.press('ArrowRight');
  await settled(page);
  expect(await clock(page)).toBe('23:05');
  await page.keyboard.press('ArrowLeft');
  await settled(page);
  expect(await clock(page)).toBe('23:00');
  await page.keyboard.press('e');
  await settled(page);
  expect(await clock(page)).toBe('27:00');
  await page.keyboard.press('4');
  expect(await page.getByTestId('speed-8').getAttribute('aria-pressed')).toBe('true');
  await page.keyboard.press(' ');
  await expect.poll(() => status(page)).toBe('playing');
  await page.keyboard.press(' ');
  await settled(page);
  expect(segments).toEqual([2]);
  await page.close();
});

it('never runs a recorded script tag or onerror handler, in the snapshot or added later', async () => {
  const start = Date.now() - 2 * MINUTE;
  const payload = 'window.pwned = (window.pwned || 0) + 1; if (window.top) window.top.pwned = (window.top.pwned || 0) + 1;';
  const img = (id: number, name: string) => ({ type: 2, id, tagName: 'img', attributes: { id: name, src: 'x:', onerror: payload }, childNodes: [] });
  const script = { type: 2, id: 101, tagName: 'script', attributes: {}, childNodes: [{ type: 3, id: 102, textContent: payload }] };
  const addLater: RecordedEvent = {
    type: EventType.IncrementalSnapshot,
    timestamp: start + 2_000,
    // Appended to <body> (id 5 in the seed's page).
    data: { source: 0, texts: [], attributes: [], removes: [], adds: [{ parentId: 5, nextId: null, node: img(103, 'late-img') }] },
  };
  const id = await ingestSession(env.stack, [...snapshot(start, 'Hostile', 'https://shop.test/evil', [img(100, 'bad-img'), script]), addLater, retitle(start + 3_000, 'Hostile (end)')]);
  await endedSession(env.stack, id);

  // Without the dashboard's CSP (security-headers.test.ts covers it), so the frame's sandbox alone is tested.
  const page = await env.browser.newPage({ viewport: { width: 1400, height: 1000 }, bypassCSP: true });
  await page.goto(`${env.stack.origin}/#/sessions/demo/${id}`);
  await settled(page, 'ready');
  await page.getByTestId('play').click();
  await expect.poll(() => status(page), { timeout: 30_000 }).toBe('finished');
  expect(await replayedTitle(page)).toBe('Hostile (end)');
  // The payloads are in the replayed DOM, so nothing was dropped before it could be tried...
  const frame = (await replayFrame(page))!;
  expect(await frame.getAttribute('#bad-img', 'onerror')).toBe(payload);
  expect(await frame.getAttribute('#late-img', 'onerror')).toBe(payload);
  // ...and none of them ran, in the replay frame or in the dashboard.
  expect(await frame.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
  expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
  await page.close();
});

it('jumps to a console error in a segment not loaded yet, from its marker in the manifest', async () => {
  const { page, segments } = await openViewer(`#/sessions/demo/${sessionId}?t=${MINUTE}`);
  await settled(page);
  expect(segments).toEqual([0]);
  await page.keyboard.press('e');
  await settled(page);
  expect(await clock(page)).toBe('16:00');
  expect(await replayedTitle(page)).toBe('Part 2 (later)');
  expect(segments).toEqual([0, 1]);
  await page.close();
});

/** An SVG over 1 KB, so ingest moves its data: URL to R2 and the event keeps a reference. */
const svg = (width: number, fill: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="8">${Array.from({ length: 40 }, (_, i) => `<rect x="${i}" width="1" height="8" fill="#${fill}"/>`).join('')}</svg>`;
const dataUrl = (text: string) => `data:image/svg+xml;base64,${Buffer.from(text).toString('base64')}`;

it('resolves images and stylesheet url()s captured in an earlier segment after a seek into a later one', async () => {
  const start = Date.now() - 15 * MINUTE;
  const css = `.banner { width: 40px; height: 8px; background-image: url("https://shop.test/bg.svg"); }\n${'.filler { margin: 0 auto; }\n'.repeat(40)}`;
  const page = (at: number, title: string) =>
    snapshot(at, title, 'https://shop.test/', [
      { type: 2, id: 200, tagName: 'link', attributes: { rel: 'stylesheet', href: 'https://shop.test/site.css', _cssText: css }, childNodes: [] },
      { type: 2, id: 201, tagName: 'div', attributes: { class: 'banner' }, childNodes: [] },
      { type: 2, id: 202, tagName: 'img', attributes: { id: 'logo', src: 'https://shop.test/logo.svg' }, childNodes: [] },
    ]);
  // The SDK sends each captured URL once per page load: here, in the first segment only.
  const id = await ingestSession(env.stack, [
    ...page(start, 'First view'),
    signal(start + 500, 'er.asset', { url: 'https://shop.test/logo.svg', data: dataUrl(svg(64, '3366cc')) }),
    signal(start + 600, 'er.asset', { url: 'https://shop.test/bg.svg', data: dataUrl(svg(40, 'cc6633')) }),
    ...page(start + 11 * MINUTE, 'Second view'),
    retitle(start + 12 * MINUTE, 'Second view (end)'),
  ]);
  expect((await endedSession(env.stack, id)).manifest.segments).toHaveLength(2);

  const { page: viewer, segments } = await openViewer(`#/sessions/demo/${id}?t=${11 * MINUTE + 30_000}`);
  await settled(viewer);
  expect(await replayedTitle(viewer)).toBe('Second view');
  expect(segments).toEqual([1]);
  const frame = (await replayFrame(viewer))!;
  const stored = new RegExp(`^${env.stack.origin}/api/assets/[0-9a-f]{64}$`);
  expect(await frame.getAttribute('#logo', 'src')).toMatch(stored);
  await expect.poll(() => frame.$eval('#logo', (img) => (img as HTMLImageElement).naturalWidth), { timeout: 10_000 }).toBe(64);
  const background = await frame.$eval('.banner', (div) => getComputedStyle(div).backgroundImage);
  expect(background.slice(5, -2)).toMatch(stored);
  await viewer.close();
});

it('shows a share link read only: no comment form, no deleting comments', async () => {
  const tab = 'main';
  const detail = await endedSession(env.stack, sessionId);
  const post = (path: string, body: object) =>
    fetch(`${env.stack.origin}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { ...env.stack.auth, 'content-type': 'application/json' } });
  const comment = await post(`/api/sessions/demo/${sessionId}/comments`, { tab, t: detail.manifest.startedAt + 1_000, x: 0.5, y: 0.5, body: 'look here', author: 'Ada' });
  expect(comment.status).toBe(201);
  const share = await post(`/api/sessions/demo/${sessionId}/share`, { days: 1 });
  expect(share.status).toBe(201);
  const { path } = (await share.json()) as { path: string };

  const guest = await env.unsignedBrowser.newPage({ viewport: { width: 1400, height: 1000 } });
  await guest.goto(`${env.stack.origin}${path}`);
  await expect.poll(() => replayedTitle(guest), { timeout: 30_000 }).toBe('Part 1');
  await guest.getByTestId('panel-comments').click();
  await guest.getByTestId('comment-item').first().waitFor();
  expect(await guest.getByTestId('comment-mode').count()).toBe(0);
  expect(await guest.getByTestId('comment-delete').count()).toBe(0);
  // The shortcut does not open the form either.
  await guest.keyboard.press('c');
  expect(await guest.getByTestId('comment-surface').count()).toBe(0);
  await guest.close();
});

it('fetches the project list once while moving between pages', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const fetched: string[] = [];
  page.on('request', (request) => new URL(request.url()).pathname === '/api/projects' && fetched.push(request.url()));
  await page.goto(`${env.stack.origin}/#/?project=demo`);
  await page.getByTestId('project-picker').waitFor();
  for (const link of ['nav-overview', 'nav-live', 'nav-members', 'nav-overview']) {
    await page.getByTestId(link).click();
    await page.getByTestId('project-picker').waitFor();
  }
  await page.getByRole('link', { name: 'Sessions', exact: true }).click();
  await page.getByTestId('session-row').first().waitFor();
  expect(fetched).toHaveLength(1);
  await page.close();
});
