import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
// Vite's ?raw: the Worker cannot read its own config, but this Node-run test can.
import wranglerToml from '../../wrangler.toml?raw';
import { emptyHealthCounts } from '../../wire/health.ts';
import { ApiError } from '../errors.ts';
import { ACCEPTED_POINT_EVERY } from '../../wire/health.ts';
import { HEALTH_DATASET, addSample, countsFromRows, healthSql, ingestOutcome, queueSample, toHealthPoint, type HealthSample } from './samples.ts';

describe('health samples', () => {
  it('name the dataset wrangler.toml binds as HEALTH', () => {
    expect(wranglerToml).toMatch(new RegExp(`binding = "HEALTH"\\ndataset = "${HEALTH_DATASET}"`));
  });

  it('tell an ingest outcome by the code the client was sent', () => {
    expect(ingestOutcome(200, undefined)).toEqual({ outcome: 'accepted', doError: false });
    expect(ingestOutcome(429, new ApiError(429, 'rate_limited', 'slow down', 10))).toEqual({ outcome: 'rate_limited', doError: false });
    expect(ingestOutcome(413, new HTTPException(413))).toEqual({ outcome: 'payload_too_large', doError: false });
    expect(ingestOutcome(500, new Error('bug'))).toEqual({ outcome: 'internal', doError: false });
    // What the runtime throws when a Durable Object call fails.
    expect(ingestOutcome(500, Object.assign(new Error('DO threw'), { remote: true }))).toEqual({ outcome: 'internal', doError: true });
    expect(ingestOutcome(500, Object.assign(new Error('overloaded'), { overloaded: true }))).toEqual({ outcome: 'internal', doError: true });
  });

  it('measure queue lag from the message timestamps, never negative', () => {
    expect(queueSample([new Date(1_000), new Date(4_000), new Date(9_000)], 5_000)).toEqual({ kind: 'queue', messages: 3, lagSumMs: 5_000, lagMaxMs: 4_000 });
  });

  it('write every rare sample as a point in fixed columns', () => {
    const never = () => 0.99;
    expect(toHealthPoint({ kind: 'ingest', outcome: 'invalid_batch', doError: false }, never)).toEqual({ indexes: ['ingest'], blobs: ['ingest', 'invalid_batch'], doubles: [1, 0, 0, 0, 0] });
    expect(toHealthPoint({ kind: 'ingest', outcome: 'internal', doError: true }, never)?.doubles).toEqual([1, 1, 0, 0, 0]);
    expect(toHealthPoint({ kind: 'queue', messages: 4, lagSumMs: 100, lagMaxMs: 40 }, never)?.doubles).toEqual([4, 0, 0, 100, 40]);
    expect(toHealthPoint({ kind: 'finalize' }, never)?.doubles).toEqual([0, 0, 1, 0, 0]);
  });

  it('write one accepted batch in ACCEPTED_POINT_EVERY, weighted to stand for them all', () => {
    const accepted: HealthSample = { kind: 'ingest', outcome: 'accepted', doError: false };
    expect(toHealthPoint(accepted, () => 0.99)).toBeNull();
    expect(toHealthPoint(accepted, () => 0.05)).toEqual({ indexes: ['ingest'], blobs: ['ingest', 'accepted'], doubles: [ACCEPTED_POINT_EVERY, 0, 0, 0, 0] });
    // Over many requests the weights add up to about the number of batches.
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    let weight = 0;
    for (let i = 0; i < 100_000; i++) weight += toHealthPoint(accepted, random)?.doubles?.[0] ?? 0;
    expect(weight / 100_000).toBeGreaterThan(0.97);
    expect(weight / 100_000).toBeLessThan(1.03);
  });

  it('sum the same counts from samples in memory as from the points in SQL', () => {
    const samples: HealthSample[] = [
      { kind: 'ingest', outcome: 'accepted', doError: false },
      { kind: 'ingest', outcome: 'accepted', doError: false },
      { kind: 'ingest', outcome: 'rate_limited', doError: false },
      { kind: 'ingest', outcome: 'internal', doError: true },
      { kind: 'queue', messages: 2, lagSumMs: 300, lagMaxMs: 200 },
      { kind: 'queue', messages: 1, lagSumMs: 600, lagMaxMs: 600 },
      { kind: 'finalize' },
    ];
    const inMemory = samples.reduce(addSample, emptyHealthCounts());
    expect(inMemory).toEqual({
      batchesAccepted: 2,
      batchesRejected: { rate_limited: 1, internal: 1 },
      doErrors: 1,
      finalizeFailures: 1,
      queueMessages: 3,
      queueLagAvgMs: 300,
      queueLagMaxMs: 600,
    });
    // The SQL API's answer for the points of these samples (numbers as strings, as it sends some).
    const rows = [
      { kind: 'ingest', outcome: 'accepted', count: '2', do_errors: 0, finalize_failures: 0, lag_sum: 0, lag_max: 0 },
      { kind: 'ingest', outcome: 'rate_limited', count: 1, do_errors: 0, finalize_failures: 0, lag_sum: 0, lag_max: 0 },
      { kind: 'ingest', outcome: 'internal', count: 1, do_errors: 1, finalize_failures: 0, lag_sum: 0, lag_max: 0 },
      { kind: 'queue', outcome: '', count: 3, do_errors: 0, finalize_failures: 0, lag_sum: '900', lag_max: 600 },
      { kind: 'finalize', outcome: '', count: 0, do_errors: 0, finalize_failures: 1, lag_sum: 0, lag_max: 0 },
    ];
    expect(countsFromRows(rows)).toEqual(inMemory);
  });

  it('query the last hours, grouped, counting with the sample interval', () => {
    const sql = healthSql(24);
    expect(sql).toContain(`FROM ${HEALTH_DATASET} WHERE timestamp > NOW() - INTERVAL '24' HOUR GROUP BY kind, outcome FORMAT JSON`);
    expect(sql).toContain('SUM(_sample_interval * double1) AS count');
  });
});
