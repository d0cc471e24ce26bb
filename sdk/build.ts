/// <reference types="node" />
/**
 * Bundles the recorder served at /sdk/v1/recorder.js (and /sdk/<version>/recorder.js), and the
 * client script it loads from beside itself. Called by scripts/build.ts, bench/size.ts and the
 * browser test harness.
 *
 * recorder.js is what a page needs from its first moment: the API, rrweb with the privacy rules,
 * and console, error, network, navigation and click capture; init() starts recording at once.
 * The client (sdk/main.ts: the checks of the options and API arguments, session, sampling,
 * batching, compression, upload, asset capture, and what can be worked out after the fact from
 * what recorder.js captured: rage and dead clicks, request payloads; sdk/recording/intake.ts) is
 * a second script, main.<hash>.js, which recorder.js loads right after init() and which takes the
 * running recording over (sdk/recording/early.ts). Its name carries a hash of its content, so a
 * cached recorder.js always loads the client it was built with.
 *
 * Compression runs in a Worker started from an inline Blob, and on the main thread as the fallback
 * and for the final batch. To ship fflate's deflate once, transport/gzip.ts is swapped for a module
 * whose gzipFactory() contains fflate bundled on its own (built first, below): the main thread
 * calls it, and the worker gets its source text.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Plugin } from 'esbuild';

export interface BuiltFile {
  /** Absolute path. */
  file: string;
  bytes: number;
  /** Size after gzip at the default level, roughly what a visitor downloads. */
  gzipBytes: number;
}

export interface SdkBuildResult extends BuiltFile {
  /** Scripts recorder.js loads after init() (the client), written beside it. */
  chunks: BuiltFile[];
}

const ENTRY = fileURLToPath(new URL('./recorder-entry.ts', import.meta.url));
const MAIN_ENTRY = fileURLToPath(new URL('./main-entry.ts', import.meta.url));
const GZIP_MODULE = fileURLToPath(new URL('./transport/gzip.ts', import.meta.url));
const LOAD_MAIN = fileURLToPath(new URL('./loadMain.ts', import.meta.url));
const LOAD_MAIN_SCRIPT = fileURLToPath(new URL('./loadMain.script.ts', import.meta.url));
/**
 * Browsers with ES2020 syntax (Chrome 80, Firefox 74, Safari 13.1): optional chaining and `??`
 * ship as written instead of lowered, a smaller bundle. Older ones fail to parse the recorder,
 * which leaves the host page alone like any failed script (the loader's stub keeps the API).
 */
export const SDK_TARGET = 'es2020';
const TARGET = SDK_TARGET;

const SCRIPT_OPTIONS: BuildOptions = {
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: TARGET,
  minify: true,
  // The map is written beside the bundle; the bundle does not point to it.
  sourcemap: 'external',
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  write: false,
};

/**
 * Writes `${outDir}/recorder.js` and the client script `${outDir}/main.<hash>.js` (minified IIFEs,
 * SDK_TARGET), each with its source map beside it.
 */
export async function buildSdk(outDir: string): Promise<SdkBuildResult> {
  const gzipModule = await selfContainedGzipModule();
  const main = await build({ ...SCRIPT_OPTIONS, entryPoints: [MAIN_ENTRY], outfile: join(outDir, 'main.js'), plugins: [replaceModule(GZIP_MODULE, gzipModule)] });
  const mainCode = scriptOf(main.outputFiles!);
  const mainName = `main.${createHash('sha256').update(mainCode).digest('hex').slice(0, 12)}.js`;
  const recorder = await build({
    ...SCRIPT_OPTIONS,
    entryPoints: [ENTRY],
    outfile: join(outDir, 'recorder.js'),
    define: { ...SCRIPT_OPTIONS.define, EDGE_REPLAY_MAIN_CHUNK: JSON.stringify(mainName) },
    plugins: [redirect(LOAD_MAIN, LOAD_MAIN_SCRIPT)],
  });
  await mkdir(outDir, { recursive: true });
  const chunk = await writeScript(join(outDir, mainName), main.outputFiles!);
  return { ...(await writeScript(join(outDir, 'recorder.js'), recorder.outputFiles!)), chunks: [chunk] };
}

const scriptOf = (files: Array<{ path: string; text: string }>) => files.find((f) => f.path.endsWith('.js'))!.text;

/** Writes a script and its map (as `<file>.map`); its size, and its size gzipped. */
async function writeScript(file: string, files: Array<{ path: string; text: string }>): Promise<BuiltFile> {
  const code = scriptOf(files);
  await writeFile(file, code);
  await writeFile(`${file}.map`, files.find((f) => f.path.endsWith('.map'))!.text);
  return { file, bytes: Buffer.byteLength(code), gzipBytes: gzipSync(code).length };
}

/** Resolves imports of the module at `from` to the module at `to`. */
function redirect(from: string, to: string): Plugin {
  return {
    name: 'edge-replay-redirect',
    setup(b) {
      // Relative imports only (all of the SDK's own are).
      b.onResolve({ filter: /^\.\.?\/.*loadMain\.ts$/ }, (args) => (resolve(args.resolveDir, args.path) === from ? { path: to } : undefined));
    },
  };
}

/**
 * transport/gzip.ts for the browser: gzipFactory() holds fflate's gzipSync bundled inside the
 * function body, with nothing referenced from outside, so `String(gzipFactory)` is a complete
 * program for the worker. Built at the same target as the bundle, so the outer build has no
 * syntax to lower there (lowering could add helpers outside the function).
 */
const MODULE_ENTRY = fileURLToPath(new URL('./index.ts', import.meta.url));
const PACKAGE_TSCONFIG = fileURLToPath(new URL('./tsconfig.package.json', import.meta.url));

/**
 * The npm entry (@edge-replay/sdk): `${outDir}/index.js`, one self-contained ES module (rrweb
 * and fflate bundled, for the same ship-fflate-once reason as the recorder; the site's bundler
 * minifies it), and its type declarations under `${outDir}/types` generated by tsc.
 */
export async function buildSdkModule(outDir: string, runTsc: (args: string[]) => Promise<void>): Promise<void> {
  const gzipModule = await selfContainedGzipModule();
  await build({
    entryPoints: [MODULE_ENTRY],
    outfile: join(outDir, 'index.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: TARGET,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    plugins: [replaceModule(GZIP_MODULE, gzipModule)],
  });
  await runTsc(['-p', PACKAGE_TSCONFIG, '--outDir', join(outDir, 'types')]);
}

export async function selfContainedGzipModule(): Promise<string> {
  const inner = await build({
    stdin: {
      contents: `import { gzipSync } from 'fflate';\n__edgeReplayExport((data) => gzipSync(data));\n`,
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
      loader: 'js',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: TARGET,
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const code = inner.outputFiles[0].text.trim();
  if (/\bimport\b|\bexport\b|\brequire\(/.test(code)) {
    throw new Error('self-contained gzip: fflate did not bundle into plain statements');
  }
  return [
    '// Generated by sdk/build.ts from fflate; see sdk/transport/gzip.ts.',
    'export function gzipFactory() {',
    '  var exported;',
    '  function __edgeReplayExport(fn) { exported = fn; }',
    `  ${code}`,
    '  return exported;',
    '}',
    'export const GZIP_FACTORY_IS_SELF_CONTAINED = true;',
    '',
  ].join('\n');
}

/** Serves `contents` in place of the module at `path`. */
function replaceModule(path: string, contents: string): Plugin {
  return {
    name: 'edge-replay-replace-module',
    setup(b) {
      b.onLoad({ filter: /[\\/]transport[\\/]gzip\.ts$/ }, (args) =>
        args.path === path ? { contents, loader: 'js' } : undefined,
      );
    },
  };
}
