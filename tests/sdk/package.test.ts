/**
 * The npm entry as a site's build would use it: @edge-replay/sdk built, installed into a
 * node_modules of its own, type-checked from a consumer's TypeScript, bundled by esbuild into
 * a page, and recording in Chromium.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildSdkModule } from '../../sdk/build.ts';
import { REPO } from '../../scripts/paths.ts';
import { tsc } from '../../scripts/sdk-package.ts';
import { CustomTag, customData } from '../../wire/index.ts';
import { PROJECT_KEY, type Harness } from './harness.ts';
import { browserAndHarnessPerTest } from './lifecycle.ts';

const run = promisify(execFile);
let harness: Harness;
let browser: Browser;
browserAndHarnessPerTest({ browser: (b) => (browser = b), harness: (h) => (harness = h) });

let app: string;

beforeAll(async () => {
  app = await mkdtemp(join(tmpdir(), 'edge-replay-consumer-'));
  const pkg = join(app, 'node_modules/@edge-replay/sdk');
  await mkdir(pkg, { recursive: true });
  await buildSdkModule(join(pkg, 'dist'), tsc);
  await cp(join(REPO, 'sdk/package.json'), join(pkg, 'package.json'));
  await writeFile(
    join(app, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'ESNext', moduleResolution: 'Bundler', target: 'ES2022', lib: ['ES2022', 'DOM'], types: [] } }),
  );
});

afterAll(async () => {
  if (app) await rm(app, { recursive: true, force: true });
});

async function typeCheck(source: string): Promise<string> {
  await writeFile(join(app, 'app.ts'), source);
  try {
    await run(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', join(app, 'tsconfig.json')], { cwd: app });
    return 'ok';
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

it('ships types a consumer compiles against, which catch wrong options', async () => {
  const good = `import { init, identify, track, flush, getSessionUrl, type EdgeReplayOptions } from '@edge-replay/sdk';
const options: EdgeReplayOptions = { projectKey: 'pk', privacy: { maskAllText: false }, capture: { network: { allowUrls: ['/api/'] } } };
init(options);
identify('user-1', { plan: 'pro' });
track('signup');
const url: string | null = getSessionUrl();
void flush().then(() => url);
`;
  expect(await typeCheck(good)).toBe('ok');
  const bad = `import { init } from '@edge-replay/sdk';\ninit({ projectKey: 42, sampleRate: 'all' });\n`;
  const errors = await typeCheck(bad);
  // One error for each wrong option: projectKey (column 8) and sampleRate (column 24).
  expect(errors).toContain("app.ts(2,8): error TS2322: Type 'number' is not assignable to type 'string'");
  expect(errors).toContain("app.ts(2,24): error TS2322: Type 'string' is not assignable to type 'number'");
});

it('records from an app bundled with the package', async () => {
  await writeFile(
    join(app, 'main.js'),
    `import { init, identify, flush } from '@edge-replay/sdk';
init({ projectKey: ${JSON.stringify(PROJECT_KEY)}, endpoint: ${JSON.stringify(harness.endpoint)} });
identify('package-user');
window.flushReplay = flush;
`,
  );
  const bundled = await build({ entryPoints: [join(app, 'main.js')], bundle: true, format: 'iife', write: false, absWorkingDir: app, logLevel: 'error' });
  const script = bundled.outputFiles[0]!.text.replaceAll('</script', '<\\/script');
  harness.setPage('/', `<!doctype html><html><head><meta charset="utf-8"></head><body><p>bundled</p><script>${script}</script></body></html>`);
  const page = await browser.newPage();
  await page.goto(`${harness.pageOrigin}/`);
  await page.waitForFunction(() => typeof (window as unknown as { flushReplay?: unknown }).flushReplay === 'function');
  await page.evaluate(() => (window as unknown as { flushReplay(): Promise<void> }).flushReplay());
  await harness.waitFor((r) => r.some((x) => x.batch.events.some((e) => customData(e)?.tag === CustomTag.Identify)));
  const events = harness.acceptedEvents();
  // rrweb takes its first snapshot once the document has loaded; the identify may come before it.
  expect(events.map((e) => e.type)).toEqual(expect.arrayContaining([4, 2]));
  expect(events.map(customData).find((d) => d?.tag === CustomTag.Identify)?.payload).toMatchObject({ userId: 'package-user' });
  await page.close();
});
