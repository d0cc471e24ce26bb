/**
 * Bundle size: the recorder as served (/sdk/recorder.js) beside @rrweb/record alone, both
 * built now with the same esbuild settings, so the ratio says what edge-replay adds to rrweb.
 * Writes bench/results/size.json and the table in bench/README.md.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { SDK_TARGET, buildSdk } from '../sdk/build.ts';
import { renderSnippet } from '../sdk/snippet.ts';
import { REPO } from '../scripts/paths.ts';
import { updateReadmeTable } from './report.ts';

const RECORDER_GOAL_GZIP_BYTES = 30 * 1024;
const LOADER_GOAL_GZIP_BYTES = 2 * 1024;

const out = await mkdtemp(join(tmpdir(), 'edge-replay-size-'));
try {
  const baselineEntry = join(out, 'rrweb-only.ts');
  // The same record() call the SDK makes, with nothing around it.
  await writeFile(baselineEntry, "import { record } from '@rrweb/record';\n(globalThis as any).r = record;\n");
  const baselineFile = join(out, 'rrweb-only.js');
  await build({
    entryPoints: [baselineEntry],
    outfile: baselineFile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: SDK_TARGET,
    minify: true,
    legalComments: 'none',
    nodePaths: [join(REPO, 'node_modules')],
    logLevel: 'warning',
  });
  const baseline = await readFile(baselineFile);
  const recorder = await buildSdk(join(out, 'sdk'));

  const rrwebGzip = gzipSync(baseline).length;
  // The inline snippet a site pastes, with a realistic endpoint and key.
  const snippet = renderSnippet({ endpoint: 'https://replay.example-shop.workers.dev', projectKey: 'pk_0123456789abcdef01234567' });
  const loader = { bytes: Buffer.byteLength(snippet), gzipBytes: gzipSync(snippet).length };
  const result = {
    benchmark: 'size',
    date: new Date().toISOString(),
    rrwebRecord: { bytes: baseline.length, gzipBytes: rrwebGzip },
    recorder: { bytes: recorder.bytes, gzipBytes: recorder.gzipBytes },
    recorderOverRrweb: Number((recorder.gzipBytes / rrwebGzip).toFixed(3)),
    recorderGoalGzipBytes: RECORDER_GOAL_GZIP_BYTES,
    recorderMeetsGoal: recorder.gzipBytes <= RECORDER_GOAL_GZIP_BYTES,
    loader,
    loaderGoalGzipBytes: LOADER_GOAL_GZIP_BYTES,
    loaderMeetsGoal: loader.gzipBytes <= LOADER_GOAL_GZIP_BYTES,
  };
  await writeFile(join(REPO, 'bench/results/size.json'), JSON.stringify(result, null, 2) + '\n');
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  await updateReadmeTable('size', [
    ['bundle', 'minified', 'gzipped', 'vs @rrweb/record'],
    ['@rrweb/record alone (baseline)', kb(baseline.length), kb(rrwebGzip), '1.00×'],
    ['recorder.js', kb(recorder.bytes), kb(recorder.gzipBytes), `${result.recorderOverRrweb.toFixed(2)}×`],
    ['goal for recorder.js', '', `≤ ${kb(RECORDER_GOAL_GZIP_BYTES)}`, result.recorderMeetsGoal ? 'met' : 'not met'],
    ['loader snippet (inline)', kb(loader.bytes), kb(loader.gzipBytes), `goal ≤ ${kb(LOADER_GOAL_GZIP_BYTES)}: ${result.loaderMeetsGoal ? 'met' : 'not met'}`],
  ]);
  console.log(JSON.stringify(result, null, 2));
} finally {
  await rm(out, { recursive: true, force: true });
}
