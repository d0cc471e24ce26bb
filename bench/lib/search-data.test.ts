import { describe, expect, it } from 'vitest';
import { DatabaseSync } from 'node:sqlite';
import { DATA_END_MS, DATA_SPAN_MS, generateSessions, insertSessions, projectId } from './search-data.ts';
import { clickTargetsText } from '../../workers/db/search-text.ts';

describe('search benchmark data', () => {
  const sample = [...generateSessions(20_000, 200)];

  it('is the same for the same seed, and different for another', () => {
    const ids = (seed: number) => [...generateSessions(1_000, 200, seed)].map((s) => [s.row.id, s.row.projectId, s.search.urls.length].join());
    expect([...generateSessions(1_000, 200)]).toEqual([...generateSessions(1_000, 200)]);
    expect(ids(1)).toEqual(ids(1));
    expect(ids(2)).not.toEqual(ids(1));
  });

  it('has the shares the benchmark promises', () => {
    const share = (test: (s: (typeof sample)[number]) => boolean) => sample.filter(test).length / sample.length;
    expect(share((s) => s.search.errors.length > 0)).toBeCloseTo(0.05, 1);
    expect(share((s) => s.row.userId !== null)).toBeCloseTo(0.1, 1);
    // Project sizes fall off as 1/rank: the largest has about a sixth of all sessions.
    expect(share((s) => s.row.projectId === projectId(1))).toBeGreaterThan(0.12);
    expect(share((s) => s.row.projectId === projectId(1))).toBeLessThan(0.22);
    for (const { row, search } of sample) {
      expect(search.urls.length).toBeGreaterThanOrEqual(1);
      expect(search.urls.length).toBeLessThanOrEqual(8);
      expect(row.startedAt).toBeGreaterThanOrEqual(DATA_END_MS - DATA_SPAN_MS);
      expect(row.startedAt).toBeLessThan(DATA_END_MS);
    }
  });

  it('inserts sessions and their child rows under the schema\'s column names', () => {
    const db = new DatabaseSync(':memory:');
    db.exec(`CREATE TABLE sessions (project_id, id, status, started_at, ended_at, duration_ms, event_count, page_count, click_count,
      rage_click_count, dead_click_count, error_count, console_error_count, user_id, entry_url, exit_url, user_agent, browser, os, country,
      bytes, segment_count, tab_count, active_ms, device_class, referrer, click_targets, error_messages, manifest, PRIMARY KEY (project_id, id));
      CREATE TABLE session_properties (project_id, session_id, key, value, PRIMARY KEY (project_id, session_id, key));
      CREATE TABLE session_urls (project_id, url, session_id, first_at, PRIMARY KEY (project_id, url, session_id));`);
    const seeds = sample.slice(0, 100);
    const rows = insertSessions(db, seeds);
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const tables = ['sessions', 'session_properties', 'session_urls'];
    expect(tables.reduce((n, t) => n + count(t), 0)).toBe(rows);
    expect(count('session_urls')).toBe(seeds.reduce((n, s) => n + s.search.urls.length, 0));
    const first = db.prepare('SELECT duration_ms, device_class, click_targets FROM sessions WHERE id = ?').get(seeds[0]!.row.id);
    expect(first).toEqual({ duration_ms: seeds[0]!.row.durationMs, device_class: seeds[0]!.row.deviceClass, click_targets: clickTargetsText(seeds[0]!.search.clicks) });
  });
});
