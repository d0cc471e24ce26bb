/// <reference types="node" />
/**
 * Bundles the recorder served at /sdk/recorder.js. Called by scripts/build.ts.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface SdkBuildResult {
  /** Absolute path of recorder.js. */
  file: string;
  bytes: number;
  /** Size after gzip at the default level, roughly what a visitor downloads. */
  gzipBytes: number;
}

const ENTRY = fileURLToPath(new URL('./recorder-entry.ts', import.meta.url));

/** Writes `${outDir}/recorder.js` (minified IIFE, ES2019) and `recorder.js.map` beside it. */
export async function buildSdk(outDir: string): Promise<SdkBuildResult> {
  const file = join(outDir, 'recorder.js');
  await build({
    entryPoints: [ENTRY],
    outfile: file,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2019',
    minify: true,
    // The map is written beside the bundle; the bundle does not point to it.
    sourcemap: 'external',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  const contents = await readFile(file);
  return { file, bytes: contents.length, gzipBytes: gzipSync(contents).length };
}
