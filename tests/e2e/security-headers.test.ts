/**
 * The dashboard is served with its security headers, and a real replay plays under its CSP
 * without a single violation: the policy is strict and still lets recorded pages render.
 */
import { expect, it } from 'vitest';
import { DASHBOARD_HEADERS } from '../../workers/security/headers.ts';
import { flushRecording } from '../browser.ts';
import { openNewestSession, playToEnd } from './player-page.ts';
import { useLocalStack } from './stack.ts';

const env = useLocalStack({ SESSION_IDLE_TIMEOUT_MS: '5000', FINAL_GRACE_MS: '500' });

it('serves the dashboard and the API with security headers, and ingest without them', async () => {
  for (const path of ['/', '/index.html']) {
    const page = await fetch(`${env.stack.origin}${path}`);
    expect(page.status).toBe(200);
    for (const [name, value] of Object.entries(DASHBOARD_HEADERS)) expect(page.headers.get(name), `${path} ${name}`).toBe(value);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  }
  const api = await fetch(`${env.stack.origin}/api/projects`, { headers: env.stack.auth });
  expect(api.status).toBe(200);
  expect(api.headers.get('x-content-type-options')).toBe('nosniff');
  expect(api.headers.get('x-frame-options')).toBe('DENY');
  expect(api.headers.get('referrer-policy')).toBe('no-referrer');
  const ingest = await fetch(`${env.stack.origin}/v1/ingest`, { method: 'POST', body: 'x' });
  expect(ingest.status).toBeGreaterThanOrEqual(400);
  expect(ingest.headers.get('x-frame-options')).toBeNull();
});

it('replays a recorded page under the dashboard CSP with no violation', async () => {
  const visitor = await env.browser.newPage();
  await visitor.goto(`${env.stack.origin}/demo/`);
  await visitor.waitForFunction(() => 'EdgeReplay' in window);
  await visitor.click('#nav-list');
  await visitor.fill('#new-item', 'Check the CSP');
  await visitor.click('#add-item');
  await flushRecording(visitor);
  await visitor.close({ runBeforeUnload: true });

  const viewer = await env.browser.newPage();
  await viewer.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await openNewestSession(viewer, env.stack.origin);
  await playToEnd(viewer);
  const frame = await (await viewer.locator('iframe').first().elementHandle())!.contentFrame();
  await expect.poll(() => frame!.textContent('#todo-list')).toContain('Check the CSP');
  expect(await viewer.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
});
