import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO } from '../scripts/paths.ts';

const README = join(REPO, 'bench/README.md');

/** Writes bench/results/<name>.json and each of the benchmark's tables (by block name) in bench/README.md. */
export async function saveResults(name: string, result: object, tables: Record<string, string[][]>): Promise<void> {
  await writeFile(join(REPO, 'bench/results', `${name}.json`), JSON.stringify(result, null, 2) + '\n');
  for (const [table, rows] of Object.entries(tables)) await updateReadmeTable(table, rows);
}

/** Replaces the table between <!-- name:start --> and <!-- name:end --> in bench/README.md. */
export async function updateReadmeTable(name: string, rows: string[][]): Promise<void> {
  const [head, ...body] = rows;
  const table = [head!, head!.map(() => '---'), ...body].map((r) => `| ${r.join(' | ')} |`).join('\n');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const readme = await readFile(README, 'utf8');
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`bench/README.md has no ${start} … ${end} block`);
  await writeFile(README, `${readme.slice(0, from + start.length)}\n${table}\n${readme.slice(to)}`);
}
