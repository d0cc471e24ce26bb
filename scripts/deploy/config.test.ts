import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../paths.ts';
import { databaseIdFrom, readResources, withDatabaseId, workerUrlFrom } from './config.ts';

describe('readResources', () => {
  it("reads every resource name from the project's wrangler.toml", async () => {
    const toml = await readFile(join(REPO, 'wrangler.toml'), 'utf8');
    expect(readResources(toml)).toEqual({
      worker: 'edge-replay',
      database: 'edge-replay',
      databaseId: 'local',
      bucket: 'edge-replay',
      queue: 'edge-replay-session-events',
      dataset: 'edge_replay_sessions',
    });
  });

  it('names what is missing', () => {
    expect(() => readResources('name = "x"\n')).toThrow(/d1_databases/);
  });
});

describe('withDatabaseId', () => {
  it('sets the id and changes nothing else', () => {
    const toml = '[[d1_databases]]\nbinding = "DB"\ndatabase_id = "local"\nmigrations_dir = "migrations"\n';
    const id = '6f1c2d3e-0000-4000-8000-00000000abcd';
    expect(withDatabaseId(toml, id)).toBe(toml.replace('local', id));
    expect(withDatabaseId(withDatabaseId(toml, id), id)).toBe(withDatabaseId(toml, id));
  });
});

describe('output parsing', () => {
  it('finds the database id and the worker URL in human-readable output', () => {
    expect(databaseIdFrom('✅ Created\n[[d1_databases]]\ndatabase_id = "6F1C2D3E-0000-4000-8000-00000000ABCD"')).toBe(
      '6F1C2D3E-0000-4000-8000-00000000ABCD',
    );
    expect(databaseIdFrom('no id here')).toBeNull();
    expect(workerUrlFrom('Deployed edge-replay triggers\n  https://edge-replay.acme.workers.dev\n')).toBe('https://edge-replay.acme.workers.dev');
  });
});
