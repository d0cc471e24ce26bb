/**
 * `npm run deploy`: everything edge-replay needs in your Cloudflare account, then the Worker.
 * Creates what is missing (D1, R2, Queue), records the D1 id in wrangler.toml, applies
 * migrations, builds and deploys, sets ADMIN_SECRET the first time, and prints the snippet for
 * your site. Safe to run again.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderSnippet } from '../sdk/snippet.ts';
import { buildAll } from './build.ts';
import { processCli } from './deploy/cli.ts';
import { DeployError, deploy } from './deploy/steps.ts';
import { REPO, WRANGLER } from './paths.ts';

const configPath = join(REPO, 'wrangler.toml');

try {
  const result = await deploy({
    cli: processCli([process.execPath, WRANGLER], configPath),
    build: buildAll,
    readConfig: () => readFile(configPath, 'utf8'),
    writeConfig: (text) => writeFile(configPath, text),
    log: (line) => console.log(line),
  });
  console.log(`\nDone.${result.created.length ? ` Created: ${result.created.join(', ')}.` : ' Nothing needed creating.'}`);
  if (result.url) console.log(`  dashboard  ${result.url}/`);
  if (result.url && result.projectKey) {
    console.log(`\nPaste this into your site's <head>:\n${renderSnippet({ endpoint: result.url, projectKey: result.projectKey })}`);
  }
  if (result.adminSecret) {
    console.log(`\nAdmin secret (shown this once; sign in to the dashboard with it, keep it in a password manager):\n  ${result.adminSecret}`);
  }
} catch (error) {
  console.error(`\n${error instanceof DeployError ? error.message : String(error)}`);
  process.exit(1);
}
