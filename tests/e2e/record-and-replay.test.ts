import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { expect, it } from 'vitest';
import { REPO } from '../../scripts/paths.ts';
import { RECORDER_SCRIPT_PATH } from '../../sdk/snippet.ts';
import type { SessionListResponse } from '../../wire/index.ts';
import { flushRecording } from '../browser.ts';
import { openNewestSession, playToEnd, status } from './player-page.ts';
import { useLocalStack } from './stack.ts';

const ARTIFACTS = join(REPO, 'tests/artifacts');
const TYPED_NAME = 'Ada Lovelace';
const TYPED_PASSWORD = 'correct horse battery';
const NEW_TODO = 'Buy oat milk';

// Short timeouts so the session ends within seconds of the tab closing.
const FAST_END = { SESSION_IDLE_TIMEOUT_MS: '5000', FINAL_GRACE_MS: '500' };

const env = useLocalStack(FAST_END);

it('records the demo page in Chromium and replays it in the dashboard', async () => {
  // 1. A visitor uses the demo page, which carries the snippet `npm start` printed.
  const visitor = await env.browser.newPage();
  const ingested: number[] = [];
  visitor.on('response', (r) => r.url().includes('/v1/ingest') && ingested.push(r.status()));
  await visitor.goto(`${env.stack.origin}/demo/`);
  await visitor.waitForFunction(() => 'EdgeReplay' in window);

  // The site names its visitor and tags the session; the visitor hits a bug.
  await visitor.evaluate(() => {
    const api = (window as unknown as { EdgeReplay: { identify(id: string, traits: object): void; setProperties(p: object): void } }).EdgeReplay;
    api.identify('ada-42', { plan: 'pro' });
    api.setProperties({ cart: 3 });
  });
  await visitor.click('#throw-error');

  await visitor.click('#nav-form');
  await visitor.fill('#name', TYPED_NAME);
  await visitor.fill('#email', 'ada@example.com');
  await visitor.fill('#password', TYPED_PASSWORD);
  await visitor.selectOption('#plan', 'pro');
  await visitor.check('#newsletter');
  await visitor.click('#submit-form');
  await expect.poll(() => visitor.textContent('#form-result')).toContain('Thanks, Ada Lovelace!');

  await visitor.click('#nav-list');
  await visitor.fill('#new-item', NEW_TODO);
  await visitor.click('#add-item');
  await visitor.click('#todo-list li:first-child .item-text');
  await flushRecording(visitor);
  expect(ingested.length).toBeGreaterThan(0);
  expect(ingested.every((s) => s === 200)).toBe(true);
  // Closing the tab fires pagehide: the SDK sends its final batch and the session ends soon after.
  await visitor.close({ runBeforeUnload: true });

  // 2. The session shows up in the dashboard once it has ended.
  const viewer = await env.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const sessionId = await openNewestSession(viewer, env.stack.origin);
  await expect.poll(() => viewer.url()).toContain(`/sessions/demo/${sessionId}`);

  // 3. It replays: play at 8× to the end, then read the replayed DOM.
  await playToEnd(viewer);

  const iframe = viewer.locator('[data-testid="replay"] iframe');
  const sandbox = await iframe.getAttribute('sandbox');
  expect(sandbox).not.toBeNull();
  expect(sandbox).not.toContain('allow-scripts');

  const frame = (await iframe.elementHandle())!.contentFrame() as Promise<Frame | null>;
  const replay = (await frame)!;
  // What was clicked is there (the demo marks its list data-er-unmask)...
  expect(await replay.textContent('#todo-list')).toContain(NEW_TODO);
  expect(await replay.getAttribute('#todo-list li:first-child', 'class')).toContain('done');
  // ...the greeting that repeats the typed name shows, but masked like all text by default...
  const greeting = (await replay.textContent('#form-result')) ?? '';
  expect(greeting).toMatch(/^[*\s]{10,}$/);
  // ...and what was typed into inputs is masked, character for character.
  expect(await replay.inputValue('#name')).toBe('*'.repeat(TYPED_NAME.length));
  expect(await replay.inputValue('#password')).toBe('*'.repeat(TYPED_PASSWORD.length));
  const replayedHtml = await replay.content();
  for (const secret of [TYPED_PASSWORD, TYPED_NAME, 'Ada']) expect(replayedHtml).not.toContain(secret);

  // The header shows who it was, what went wrong and the session's properties.
  expect(await viewer.getByTestId('session-user').textContent()).toBe('ada-42');
  expect(await viewer.getByTestId('session-problems').textContent()).toContain('1 error');
  const properties = (await viewer.getByTestId('session-properties').textContent()) ?? '';
  for (const text of ['cart', '3', 'user.plan', 'pro']) expect(properties).toContain(text);

  await mkdir(ARTIFACTS, { recursive: true });
  await viewer.screenshot({ path: join(ARTIFACTS, 'replay.png') });

  // The Errors panel lists the demo's error with its stack; clicking it seeks back from the end to it.
  await viewer.getByTestId('panel-errors').click();
  const errorEntry = viewer.getByTestId('panel-entry').filter({ hasText: 'Demo error: something broke' });
  expect(await errorEntry.count()).toBe(1);
  await errorEntry.getByRole('button', { name: 'Details' }).click();
  expect(await errorEntry.getByTestId('panel-detail').textContent()).toContain('app.js');
  const errorAt = (await errorEntry.locator('.at').textContent())!;
  await errorEntry.locator('.row').click();
  await expect.poll(() => status(viewer)).toBe('paused');
  expect((await viewer.getByTestId('time').textContent())!.trim()).toMatch(new RegExp(`^${errorAt} / `));
  expect(await errorEntry.getAttribute('class')).toContain('current');
  await viewer.screenshot({ path: join(ARTIFACTS, 'replay-error-panel.png') });

  // The SDK's getSessionUrl() form of link finds the project and opens the player at that moment.
  await viewer.goto(`${env.stack.origin}/#/s/${sessionId}?t=400`);
  await expect.poll(() => viewer.url()).toContain(`#/sessions/demo/${sessionId}?t=400`);
  await expect.poll(() => status(viewer), { timeout: 30_000 }).toBe('paused');
});

it('serves the recorder on its channel and under its exact version, with long-lived caching', async () => {
  const { version } = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { version: string };
  const channel = await fetch(`${env.stack.origin}${RECORDER_SCRIPT_PATH}`);
  const pinned = await fetch(`${env.stack.origin}/sdk/${version}/recorder.js`);
  expect([channel.status, pinned.status]).toEqual([200, 200]);
  expect(await channel.text()).toBe(await pinned.text());
  expect(channel.headers.get('cache-control')).toBe('public, max-age=86400, stale-while-revalidate=604800');
  expect(pinned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  // The snippet npm start printed loads the channel URL.
  expect(env.stack.output()).toContain(`${env.stack.origin}${RECORDER_SCRIPT_PATH}`);
});

it('stops on Ctrl-C and still has the sessions and the demo key after the next start', async () => {
  const before = (await (await fetch(`${env.stack.origin}/api/sessions?project=demo`, { headers: env.stack.auth })).json()) as SessionListResponse;
  expect(before.sessions.length).toBeGreaterThan(0);
  expect(await env.stack.stop()).toBe(0);
  await expect(fetch(`${env.stack.origin}/healthz`)).rejects.toThrow();

  const firstKey = env.stack.projectKey;
  await env.restart();
  expect(env.stack.projectKey).toBe(firstKey);
  const after = (await (await fetch(`${env.stack.origin}/api/sessions?project=demo`, { headers: env.stack.auth })).json()) as SessionListResponse;
  expect(after.sessions.map((s) => s.sessionId)).toEqual(before.sessions.map((s) => s.sessionId));
});
