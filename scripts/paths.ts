import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
/** wrangler's entry, run with this Node: its shebang would pick whatever `node` is first on PATH. */
export const WRANGLER = join(REPO, 'node_modules/wrangler/bin/wrangler.js');

export const isMain = (moduleUrl: string) => process.argv[1] === fileURLToPath(moduleUrl);
