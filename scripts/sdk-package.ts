/**
 * `npm run build:sdk-package`: builds the npm entry into sdk/dist (ES module + types), ready for
 * `npm pack ./sdk` / `npm publish ./sdk`.
 */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildSdkModule } from '../sdk/build.ts';
import { REPO, isMain } from './paths.ts';

const run = promisify(execFile);

export async function tsc(args: string[]): Promise<void> {
  await run(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), ...args], { cwd: REPO });
}

if (isMain(import.meta.url)) {
  const out = join(REPO, 'sdk/dist');
  await rm(out, { recursive: true, force: true });
  await buildSdkModule(out, tsc);
  console.log(`built @edge-replay/sdk into ${out}`);
}
