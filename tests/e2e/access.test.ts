/**
 * Sign-in and share links in Chromium against `npm start`'s stack: the dashboard asks for the
 * admin secret that start printed, signs out, and a share link opens its one session and nothing
 * else, in a browser that never signed in.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO } from '../../scripts/paths.ts';
import { MINUTE, endedSession, ingestSession, snapshot } from './player-seed.ts';
import { replayedTitle } from './player-page.ts';
import { useLocalStack } from './stack.ts';

const ARTIFACTS = join(REPO, 'tests/artifacts');
const env = useLocalStack({ SESSION_IDLE_TIMEOUT_MS: '5000', FINAL_GRACE_MS: '500' });

it('asks for the admin secret, refuses a wrong one, signs in, manages members and signs out', async () => {
  const page = await env.unsignedBrowser.newPage();
  await page.goto(`${env.stack.origin}/#/?project=demo`);
  await page.getByLabel('Admin secret').fill('not-the-secret');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toBe('That is not the admin secret.');

  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'sign-in.png') });

  await page.getByLabel('Admin secret').fill(env.stack.adminSecret);
  await page.keyboard.press('Enter');
  await page.getByTestId('project-picker').waitFor();
  expect(await page.getByTestId('sign-in-secret').count()).toBe(0);
  // The cookie is HttpOnly: the page's scripts never see the login.
  expect(await page.evaluate(() => document.cookie)).toBe('');

  // The admin owns every project, so the Members page lets them add and remove people.
  await page.getByTestId('nav-members').click();
  await page.getByTestId('member-email').fill('Viewer@Example.com');
  await page.getByTestId('member-role').selectOption('viewer');
  await page.getByTestId('member-add').click();
  await expect.poll(() => page.getByTestId('members').textContent()).toContain('viewer@example.com');
  const members = await page.evaluate(() => fetch('/api/projects/demo/members').then((r) => r.json()));
  expect(members).toEqual({ members: [{ email: 'viewer@example.com', role: 'viewer', createdAt: expect.any(Number) }] });
  await page.getByRole('button', { name: 'Remove viewer@example.com' }).click();
  await expect.poll(() => page.getByTestId('members').textContent()).toContain('No members yet');

  await page.getByTestId('sign-out').click();
  await page.getByLabel('Admin secret').waitFor();
  const after = await page.evaluate(() => fetch('/api/projects').then((r) => r.status));
  expect(after).toBe(401);
  await page.close();
});

it('opens a share link on its one session only, in a browser that never signed in', async () => {
  const start = Date.now() - 5 * MINUTE;
  const [shown, other] = [
    await ingestSession(env.stack, snapshot(start, 'Shared page', 'https://shop.test/shared')),
    await ingestSession(env.stack, snapshot(start, 'Private page', 'https://shop.test/private')),
  ];
  await Promise.all([endedSession(env.stack, shown), endedSession(env.stack, other)]);

  // The owner (signed in as the admin) copies the link from the player's Share button.
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.stack.origin });
  const owner = await context.newPage();
  await owner.goto(`${env.stack.origin}/#/sessions/demo/${shown}`);
  await owner.getByTestId('share').click();
  await expect.poll(() => owner.getByTestId('share-status').textContent()).toMatch(/^Link copied/);
  const link = await owner.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(new RegExp(`^${env.stack.origin}/#/share/[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));
  await context.close();

  const guest = await env.unsignedBrowser.newPage({ viewport: { width: 1400, height: 1000 } });
  await guest.goto(link);
  await expect.poll(() => replayedTitle(guest), { timeout: 30_000 }).toBe('Shared page');
  // No navigation, no list, no way back to one.
  expect(await guest.getByTestId('back').count()).toBe(0);
  expect(await guest.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
  const answers = await guest.evaluate(
    async ([otherId, shownId]) => {
      const status = (path: string) => fetch(path).then((r) => r.status);
      return {
        shown: await status(`/api/sessions/demo/${shownId}`),
        other: await status(`/api/sessions/demo/${otherId}`),
        list: await status('/api/sessions?project=demo'),
      };
    },
    [other, shown],
  );
  expect(answers).toEqual({ shown: 200, other: 403, list: 403 });

  // Another session in the same browser: refused, and the player says why.
  await guest.goto(`${env.stack.origin}/#/sessions/demo/${other}`);
  await expect.poll(() => guest.getByTestId('error').textContent()).toMatch(/another session/);

  const tampered = await env.unsignedBrowser.newPage();
  await tampered.goto(`${link.slice(0, -3)}xyz`);
  await expect.poll(() => tampered.getByTestId('error').textContent()).toMatch(/not valid or has expired/);
  await Promise.all([guest.close(), tampered.close()]);
});
