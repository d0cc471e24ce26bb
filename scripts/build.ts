/**
 * Builds what the Worker serves as static assets into dist/public:
 * the dashboard (/), the recorder bundle (/sdk/recorder.js) and the demo page (/demo/).
 */
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { build as viteBuild } from 'vite';
import { buildSdk } from '../sdk/build.ts';
import { REPO, isMain } from './paths.ts';

export const PUBLIC_DIR = join(REPO, 'dist/public');

export async function buildAll(): Promise<void> {
  // The dashboard build empties dist/public, so it goes first.
  await viteBuild({ configFile: join(REPO, 'dashboard/vite.config.ts'), logLevel: 'warn' });
  const sdk = await buildSdk(join(PUBLIC_DIR, 'sdk'));
  await cp(join(REPO, 'demo'), join(PUBLIC_DIR, 'demo'), { recursive: true });
  console.log(`built dashboard, demo page and recorder (${(sdk.gzipBytes / 1024).toFixed(1)} KB gzipped) into dist/public`);
}

if (isMain(import.meta.url)) await buildAll();
