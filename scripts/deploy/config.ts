/**
 * The resource names the deploy creates, read from wrangler.toml (the one source of truth), and
 * the one edit the deploy makes to it: the D1 database id Cloudflare assigns on creation.
 */

export interface Resources {
  worker: string;
  database: string;
  databaseId: string;
  bucket: string;
  queue: string;
  dataset: string;
}

/** The first `key = "value"` after a `[section]` or `[[section]]` header. */
function valueIn(toml: string, section: string, key: string): string {
  const start = toml.search(new RegExp(`^\\[\\[?${section.replace('.', '\\.')}\\]\\]?\\s*$`, 'm'));
  if (start === -1) throw new Error(`wrangler.toml has no [${section}] section`);
  const rest = toml.slice(start).split('\n').slice(1);
  for (const line of rest) {
    if (line.startsWith('[')) break;
    const match = new RegExp(`^${key}\\s*=\\s*"([^"]*)"`).exec(line.trim());
    if (match) return match[1];
  }
  throw new Error(`wrangler.toml's [${section}] has no ${key}`);
}

export function readResources(toml: string): Resources {
  const worker = /^name\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  if (!worker) throw new Error('wrangler.toml has no top-level name');
  return {
    worker,
    database: valueIn(toml, 'd1_databases', 'database_name'),
    databaseId: valueIn(toml, 'd1_databases', 'database_id'),
    bucket: valueIn(toml, 'r2_buckets', 'bucket_name'),
    queue: valueIn(toml, 'queues.producers', 'queue'),
    dataset: valueIn(toml, 'analytics_engine_datasets', 'dataset'),
  };
}

/** wrangler.toml with the D1 database id set; unchanged text when it already has it. */
export function withDatabaseId(toml: string, id: string): string {
  return toml.replace(/^(database_id\s*=\s*)"[^"]*"/m, `$1"${id}"`);
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The id in `wrangler d1 create`'s output, which prints a config snippet rather than JSON. */
export function databaseIdFrom(output: string): string | null {
  return UUID.exec(output)?.[0] ?? null;
}

/** The deployed Worker's address in `wrangler deploy`'s output. */
export function workerUrlFrom(output: string): string | null {
  return /https:\/\/[a-z0-9.-]+\.workers\.dev/i.exec(output)?.[0] ?? null;
}
