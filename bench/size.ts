/**
 * Bundle size: the recorder as served (/sdk/v1/recorder.js, what a page loads first) and the
 * client script it loads right after init() (deferred), beside @rrweb/record alone, all built now
 * with the same esbuild settings, so the ratios say what edge-replay adds to rrweb. The goal is on
 * the first load; the total says what a first visit downloads in all.
 * Writes bench/results/size.json and the table in bench/README.md.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
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
  const deferred = recorder.chunks.map((c) => ({ name: basename(c.file), bytes: c.bytes, gzipBytes: c.gzipBytes }));
  const total = {
    bytes: recorder.bytes + deferred.reduce((n, c) => n + c.bytes, 0),
    gzipBytes: recorder.gzipBytes + deferred.reduce((n, c) => n + c.gzipBytes, 0),
  };
  // The inline snippet a site pastes, with a realistic endpoint and key.
  const snippet = renderSnippet({ endpoint: 'https://replay.example-shop.workers.dev', projectKey: 'pk_0123456789abcdef01234567' });
  const loader = { bytes: Buffer.byteLength(snippet), gzipBytes: gzipSync(snippet).length };
  const ratio = (gzipBytes: number) => Number((gzipBytes / rrwebGzip).toFixed(3));
  const result = {
    benchmark: 'size',
    date: new Date().toISOString(),
    rrwebRecord: { bytes: baseline.length, gzipBytes: rrwebGzip },
    recorder: { bytes: recorder.bytes, gzipBytes: recorder.gzipBytes },
    recorderOverRrweb: ratio(recorder.gzipBytes),
    recorderGoalGzipBytes: RECORDER_GOAL_GZIP_BYTES,
    recorderMeetsGoal: recorder.gzipBytes <= RECORDER_GOAL_GZIP_BYTES,
    deferred,
    total: { ...total, overRrweb: ratio(total.gzipBytes) },
    loader,
    loaderGoalGzipBytes: LOADER_GOAL_GZIP_BYTES,
    loaderMeetsGoal: loader.gzipBytes <= LOADER_GOAL_GZIP_BYTES,
  };
  await writeFile(join(REPO, 'bench/results/size.json'), JSON.stringify(result, null, 2) + '\n');
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const times = (gzipBytes: number) => `${ratio(gzipBytes).toFixed(2)}×`;
  await updateReadmeTable('size', [
    ['bundle', 'when', 'minified', 'gzipped', 'vs @rrweb/record'],
    ['@rrweb/record alone (baseline)', '', kb(baseline.length), kb(rrwebGzip), '1.00×'],
    ['recorder.js (API, rrweb, privacy, console/error/network/navigation/click capture)', 'first load', kb(recorder.bytes), kb(recorder.gzipBytes), times(recorder.gzipBytes)],
    ['goal for recorder.js', '', '', `≤ ${kb(RECORDER_GOAL_GZIP_BYTES)}`, result.recorderMeetsGoal ? 'met' : 'not met'],
    ...deferred.map((c) => [`${c.name} (client: checks, session, batching, gzip, upload, assets, rage/dead clicks)`, 'deferred: loaded right after init()', kb(c.bytes), kb(c.gzipBytes), times(c.gzipBytes)]),
    ['total a first visit downloads', '', kb(total.bytes), kb(total.gzipBytes), times(total.gzipBytes)],
    ['loader snippet (inline)', 'in the page', kb(loader.bytes), kb(loader.gzipBytes), `goal ≤ ${kb(LOADER_GOAL_GZIP_BYTES)}: ${result.loaderMeetsGoal ? 'met' : 'not met'}`],
  ]);
  console.log(JSON.stringify(result, null, 2));
} finally {
  await rm(out, { recursive: true, force: true });
}
