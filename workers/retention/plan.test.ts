import { describe, expect, it } from 'vitest';
import {
  CLAIMED,
  MAX_BOUND_PARAMETERS,
  SESSIONS_PER_PAGE,
  assetCutoffDay,
  chunk,
  chunkKeys,
  dayNumber,
  deleteSessionsStatements,
  forgetAssetsStatements,
  forgetTombstonesStatements,
  manifestUrls,
  sessionCutoff,
  sessionObjectKeys,
  type ExpiredSession,
  type Statement,
} from './plan.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 5, 30);

const placeholders = (s: Statement) => (s.sql.match(/\?/g) ?? []).length;

function expired(n: number, urls: string[] | null = ['https://a.test/', 'https://a.test/b']): ExpiredSession[] {
  return Array.from({ length: n }, (_, i) => ({ projectId: 'p1', id: `s${i}`, segmentCount: i % 3, urls }));
}

describe('cutoffs', () => {
  it('expires sessions that started more than the retention before now', () => {
    expect(sessionCutoff(NOW, 30)).toBe(NOW - 30 * DAY);
  });

  it('keeps assets for the longest retention of any project plus a day', () => {
    const today = dayNumber(NOW);
    expect(assetCutoffDay(NOW, [7, 90, 30])).toBe(today - 91);
    // A session started exactly at its project's cutoff marked its assets seen on that day or later.
    expect(dayNumber(sessionCutoff(NOW, 90))).toBeGreaterThan(assetCutoffDay(NOW, [90]));
    expect(assetCutoffDay(NOW, [])).toBe(today - 1);
  });
});

describe('sessionObjectKeys', () => {
  it('names every segment and the old R2 manifest', () => {
    expect(sessionObjectKeys({ projectId: 'p', id: 's', segmentCount: 2 })).toEqual([
      'sessions/p/s/manifest.json',
      'sessions/p/s/segment-0.json.gz',
      'sessions/p/s/segment-1.json.gz',
    ]);
  });
});

describe('chunking', () => {
  it('keeps every part within the bound parameter limit', () => {
    const parts = chunk(Array.from({ length: 250 }, (_, i) => i), 3, 1);
    expect(parts.flat()).toHaveLength(250);
    for (const part of parts) expect(part.length * 3 + 1).toBeLessThanOrEqual(MAX_BOUND_PARAMETERS);
    expect(parts[0]).toHaveLength(33);
  });

  it('splits R2 deletes at 1,000 keys', () => {
    expect(chunkKeys(Array.from({ length: 2001 }, String)).map((p) => p.length)).toEqual([1000, 1000, 1]);
  });
});

describe('deleteSessionsStatements', () => {
  it('binds as many parameters as it has placeholders, never more than D1 takes', () => {
    const page = [...expired(SESSIONS_PER_PAGE - 2), ...expired(2, null)];
    for (const s of deleteSessionsStatements('p1', page)) {
      expect(s.params.length).toBe(placeholders(s));
      expect(s.params.length).toBeLessThanOrEqual(MAX_BOUND_PARAMETERS);
    }
  });

  it('deletes child rows by key, the ended rows, and leaves a tombstone per session', () => {
    const statements = deleteSessionsStatements('p1', expired(2));
    const sql = statements.map((s) => s.sql).join('\n');
    expect(sql).toMatch(/DELETE FROM session_urls WHERE project_id = \? AND \(url, session_id\) IN \(VALUES \(\?, \?\)/);
    expect(sql).not.toMatch(/session_urls WHERE project_id = \? AND session_id IN/);
    expect(sql).toMatch(/DELETE FROM session_properties/);
    expect(sql).toMatch(/DELETE FROM session_comments/);
    expect(sql).toMatch(/DELETE FROM sessions WHERE project_id = \? AND status = 'ended'/);
    const urls = statements.find((s) => s.sql.includes('session_urls'))!;
    expect(urls.params).toEqual(['p1', 'https://a.test/', 's0', 'https://a.test/b', 's0', 'https://a.test/', 's1', 'https://a.test/b', 's1']);
    const counted = statements.find((s) => s.sql.includes('counted_events'))!;
    expect(counted.params).toEqual(['session.started:p1:s0', 'session.ended:p1:s0', 'session.started:p1:s1', 'session.ended:p1:s1']);
    const tombstones = statements.at(-1)!;
    expect(tombstones.sql).toMatch(/^INSERT OR IGNORE INTO deleted_sessions/);
    expect(tombstones.params).toEqual(['p1', 's0', 0, 'p1', 's1', 1]);
  });

  it("falls back to the project's URL rows only for sessions without known URLs", () => {
    const statements = deleteSessionsStatements('p1', [...expired(1), { projectId: 'p1', id: 'old', segmentCount: 1, urls: null }]);
    const scan = statements.filter((s) => /session_urls WHERE project_id = \? AND session_id IN/.test(s.sql));
    expect(scan.map((s) => s.params)).toEqual([['p1', 'old']]);
  });
});

describe('forget statements', () => {
  it('removes tombstones and claimed asset rows within the parameter limit', () => {
    const tombstones = forgetTombstonesStatements(expired(120));
    expect(tombstones.flatMap((s) => s.params)).toHaveLength(240);
    for (const s of tombstones) expect(s.params.length).toBe(placeholders(s));
    const assets = forgetAssetsStatements(Array.from({ length: 1000 }, (_, i) => `h${i}`));
    expect(assets).toHaveLength(11);
    for (const s of assets) {
      expect(s.params[0]).toBe(CLAIMED);
      expect(s.params.length).toBe(placeholders(s));
      expect(s.params.length).toBeLessThanOrEqual(MAX_BOUND_PARAMETERS);
    }
  });
});

describe('manifestUrls', () => {
  it("reads the visited URLs of the DO's stored manifest", () => {
    const manifest = JSON.stringify({ segments: [], recorder: { summary: { search: { urls: [{ url: 'https://a.test/x', at: 1 }] } } } });
    expect(manifestUrls(manifest)).toEqual(['https://a.test/x']);
  });

  it('answers null when it cannot tell', () => {
    expect(manifestUrls(null)).toBeNull();
    expect(manifestUrls('{not json')).toBeNull();
    expect(manifestUrls('{"recorder":{}}')).toBeNull();
    expect(manifestUrls(JSON.stringify({ recorder: { summary: { search: { urls: [{ url: 3 }] } } } }))).toBeNull();
  });
});
