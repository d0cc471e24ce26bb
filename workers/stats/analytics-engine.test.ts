import { describe, expect, it } from 'vitest';
import { readResources } from '../../scripts/deploy/config.ts';
// Vite's ?raw: the Worker cannot read its own config, but this Node-run test can.
import wranglerToml from '../../wrangler.toml?raw';
import { toDataPoint, AE_COLUMNS } from '../queue/data-point.ts';
import { AE_DATASET, analyticsEngineCredentials, parseRows, statsSql } from './analytics-engine.ts';
import { parseStatsQuery } from './query.ts';

const query = parseStatsQuery({ project: 'demo', from: '2026-11-01', to: '2026-11-07' });

describe('Analytics Engine stats queries', () => {
  it('filter on the project index and the day blob, and count with the sample interval', () => {
    const sql = statsSql(query);
    for (const text of Object.values(sql)) {
      expect(text).toContain(`FROM ${AE_DATASET} WHERE index1 = 'demo' AND blob3 >= '2026-11-01' AND blob3 <= '2026-11-07'`);
      expect(text).toContain('_sample_interval');
      expect(text).toMatch(/FORMAT JSON$/);
    }
    expect(sql.days).toContain("sumIf(_sample_interval * double5, blob1 = 'ended') AS errors");
    expect(sql.browsers).toContain("SELECT blob4 AS value, SUM(_sample_interval) AS sessions");
    expect(sql.browsers).toContain("blob1 = 'started'");
  });

  it('query the dataset that wrangler.toml binds as ANALYTICS, where the consumer writes', () => {
    expect(readResources(wranglerToml).dataset).toBe(AE_DATASET);
  });

  it('use the columns the queue consumer writes', () => {
    const point = toDataPoint({
      type: 'session.ended',
      projectId: 'demo',
      sessionId: 's',
      startedAt: Date.UTC(2026, 10, 2, 12),
      durationMs: 1,
      eventCount: 2,
      clickCount: 3,
      pageCount: 4,
      errorCount: 5,
      rageClickCount: 6,
      browser: 'Firefox',
      os: 'Linux',
      country: 'FR',
      entryUrl: 'https://shop.test/cart?id=1',
    });
    const column = (name: string) => {
      const [kind, n] = [name.replace(/\d+$/, ''), Number(name.match(/\d+$/)![0]) - 1];
      return kind === 'index' ? point.indexes![n] : kind === 'blob' ? point.blobs![n] : point.doubles![n];
    };
    expect(column(AE_COLUMNS.project)).toBe('demo');
    expect(column(AE_COLUMNS.kind)).toBe('ended');
    expect(column(AE_COLUMNS.day)).toBe('2026-11-02');
    expect(column(AE_COLUMNS.browser)).toBe('Firefox');
    expect(column(AE_COLUMNS.os)).toBe('Linux');
    expect(column(AE_COLUMNS.country)).toBe('FR');
    expect(column(AE_COLUMNS.page)).toBe('https://shop.test/cart');
    expect(column(AE_COLUMNS.durationMs)).toBe(1);
    expect(column(AE_COLUMNS.errors)).toBe(5);
    expect(column(AE_COLUMNS.rageClicks)).toBe(6);
  });

  it('parse rows from FORMAT JSON and refuse anything else', () => {
    expect(parseRows({ meta: [], data: [{ value: 'x', sessions: '3' }], rows: 1 })).toEqual([{ value: 'x', sessions: '3' }]);
    expect(() => parseRows({ errors: ['bad'] })).toThrow(/data/);
    expect(() => parseRows({ data: [1] })).toThrow(/data/);
    expect(() => parseRows(null)).toThrow(/data/);
  });

  it('are used only when both the account id and the token are set', () => {
    expect(analyticsEngineCredentials({})).toBeNull();
    expect(analyticsEngineCredentials({ CF_ACCOUNT_ID: 'a', CF_API_TOKEN: ' ' })).toBeNull();
    expect(analyticsEngineCredentials({ CF_ACCOUNT_ID: 'a', CF_API_TOKEN: 't' })).toEqual({ accountId: 'a', apiToken: 't' });
  });
});
