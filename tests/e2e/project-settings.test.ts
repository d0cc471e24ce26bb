/**
 * Project settings in Chromium against `npm start`'s stack: the admin changes allowed origins and
 * the sample rate, rotates the key and sees the new snippet; the SDK's config and ingest follow.
 * A viewer sees the same page read only.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO } from '../../scripts/paths.ts';
import { CONFIG_PATH, PROJECT_KEY_PARAM } from '../../wire/index.ts';
import type { ProjectSettings } from '../../wire/projects.ts';
import { LOGIN_COOKIE } from '../../workers/auth/identify.ts';
import { signLogin } from '../../workers/auth/tokens.ts';
import { useLocalStack } from './stack.ts';

const ARTIFACTS = join(REPO, 'tests/artifacts');
const env = useLocalStack({ SESSION_IDLE_TIMEOUT_MS: '5000', FINAL_GRACE_MS: '500' });

const config = (key: string, origin: string) =>
  fetch(`${env.stack.origin}${CONFIG_PATH}?${PROJECT_KEY_PARAM}=${key}`, { headers: { origin } });

it('changes allowed origins and sample rate, rotates the key and shows the new snippet', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(`${env.stack.origin}/#/`);
  await page.getByTestId('nav-settings').click();
  await expect.poll(() => page.url()).toContain('#/settings?project=demo');
  await expect.poll(() => page.getByTestId('settings-snippet').textContent()).toContain(env.stack.projectKey);

  await page.getByTestId('settings-origins').fill('https://shop.test\nhttps://*.shop.test');
  await page.getByTestId('settings-sample-rate').fill('0.25');
  await page.getByTestId('settings-save').click();
  await expect.poll(() => page.getByTestId('settings-status').textContent()).toMatch(/^Settings saved/);
  const saved = (await (await fetch(`${env.stack.origin}/api/projects/demo`, { headers: env.stack.auth })).json()) as ProjectSettings;
  expect(saved).toMatchObject({ allowedOrigins: ['https://shop.test', 'https://*.shop.test'], sampleRate: 0.25 });

  // A bad value comes back as the API's reason, and nothing changes.
  await page.getByTestId('settings-origins').fill('shop.test');
  await page.getByTestId('settings-save').click();
  await expect.poll(() => page.getByTestId('settings-status').textContent()).toContain('is not an origin');

  await page.getByTestId('settings-rotate').click();
  await expect.poll(() => page.getByTestId('settings-status').textContent()).toMatch(/^New key made/);
  const newKey = (await page.getByTestId('settings-key').textContent())!;
  expect(newKey).toMatch(/^pk_[0-9a-f]+$/);
  expect(newKey).not.toBe(env.stack.projectKey);
  expect(await page.getByTestId('settings-snippet').textContent()).toContain(newKey);
  expect(await page.getByTestId('settings-previous-key').textContent()).toContain(env.stack.projectKey);
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'project-settings.png'), fullPage: true });

  // Both keys get the new settings from an allowed origin (the old one for its grace period).
  for (const key of [newKey, env.stack.projectKey]) {
    const res = await config(key, 'https://app.shop.test');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sampleRate: 0.25, bufferMode: false });
  }
  expect((await config(newKey, 'https://elsewhere.test')).status).toBe(403);

  // The admin's New project form opens the new project's settings, with its own key.
  await page.getByTestId('new-project-name').fill('Second shop');
  await page.getByTestId('new-project-create').click();
  await expect.poll(() => page.url()).toContain('#/settings?project=second-shop');
  await expect.poll(() => page.getByTestId('settings-name').inputValue()).toBe('Second shop');
  const secondKey = (await page.getByTestId('settings-key').textContent())!;
  expect(secondKey).toMatch(/^pk_[0-9a-f]+$/);
  expect([newKey, env.stack.projectKey]).not.toContain(secondKey);
  await page.close();
});

it('shows a viewer the settings read only', async () => {
  const added = await fetch(`${env.stack.origin}/api/projects/demo/members`, {
    method: 'POST',
    body: JSON.stringify({ email: 'viewer@example.com', role: 'viewer' }),
    headers: { ...env.stack.auth, 'content-type': 'application/json' },
  });
  expect(added.status).toBe(201);
  const context = await env.unsignedBrowser.newContext();
  const value = await signLogin(env.stack.adminSecret, 'viewer@example.com', Date.now());
  await context.addCookies([{ name: LOGIN_COOKIE, value, url: env.stack.origin }]);
  const page = await context.newPage();
  await page.goto(`${env.stack.origin}/#/settings?project=demo`);
  await page.getByTestId('settings-read-only').waitFor();
  expect(await page.getByTestId('settings-sample-rate').isDisabled()).toBe(true);
  expect(await page.getByTestId('settings-save').count()).toBe(0);
  expect(await page.getByTestId('settings-rotate').count()).toBe(0);
  expect(await page.getByTestId('new-project').count()).toBe(0);
  await context.close();
});
