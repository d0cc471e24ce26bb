/**
 * Builds what the Worker serves as static assets into dist/public:
 * the dashboard (/), the recorder (/sdk/v1/recorder.js and /sdk/<version>/recorder.js),
 * the demo page (/demo/) and the _headers file that sets their caching.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { build as viteBuild } from 'vite';
import { buildSdk } from '../sdk/build.ts';
import { RECORDER_SCRIPT_PATH } from '../sdk/snippet.ts';
import { DASHBOARD_HEADERS } from '../workers/security/headers.ts';
import { REPO, isMain } from './paths.ts';

export const PUBLIC_DIR = join(REPO, 'dist/public');

export async function buildAll(): Promise<void> {
  const { version } = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { version: string };
  // The dashboard build empties dist/public, so it goes first.
  await viteBuild({ configFile: join(REPO, 'dashboard/vite.config.ts'), logLevel: 'warn' });
  const versionDir = join(PUBLIC_DIR, 'sdk', version);
  const sdk = await buildSdk(versionDir);
  await cp(versionDir, join(PUBLIC_DIR, dirname(RECORDER_SCRIPT_PATH)), { recursive: true });
  await cp(join(REPO, 'demo'), join(PUBLIC_DIR, 'demo'), { recursive: true });
  await writeFile(join(PUBLIC_DIR, '_headers'), headersFile(dirname(RECORDER_SCRIPT_PATH), `/sdk/${version}`));
  console.log(`built dashboard, demo page and recorder ${version} (${(sdk.gzipBytes / 1024).toFixed(1)} KB gzipped) into dist/public`);
}

/**
 * Snippets load the major channel, which picks up fixes within a day; an exact version never
 * changes and is cached for a year; Vite's hashed dashboard assets likewise.
 */
function headersFile(channelPath: string, versionPath: string): string {
  // The dashboard is one page; its hash routes never reach the server.
  const dashboard = Object.entries(DASHBOARD_HEADERS).map(([name, value]) => `  ${name}: ${value}`).join('\n');
  return `/
${dashboard}
/index.html
${dashboard}
${channelPath}/*
  Cache-Control: public, max-age=86400, stale-while-revalidate=604800
${versionPath}/*
  Cache-Control: public, max-age=31536000, immutable
/assets/*
  Cache-Control: public, max-age=31536000, immutable
`;
}

if (isMain(import.meta.url)) await buildAll();
