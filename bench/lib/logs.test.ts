import { describe, expect, it } from 'vitest';
import { linesOf, meterLogs, sumField } from './logs.ts';

const lines = [
  '{"event":"do.batch","doRowsWritten":1}',
  '{"event":"do.batch","doRowsWritten":2}',
  '[wrangler:info] POST /v1/ingest 200 OK (12ms)',
  '{"event":"session.started","d1RowsWritten":4}',
  '{"event":"session.finalized","doRowsWritten":35,"r2Puts":2,"r2Bytes":39402,"segments":1,"d1RowsWritten":21,"note":"x"}',
  '{"event":"asset.stored","r2Puts":1,"r2Heads":1,"bytes":500}',
  '\u001b[1mQUEUE\u001b[22m edge-replay-session-events \u001b[32m2/3\u001b[39m\u001b[90m (7ms)\u001b[39m',
  '[wrangler:info] QUEUE other-queue 5/5 (1ms)',
  '{"event": broken json',
  'console says {"event":"prefixed","n":3}',
];

describe('meterLogs', () => {
  const meter = meterLogs(lines, 'edge-replay-session-events');

  it('sums numeric fields per structured event', () => {
    expect(meter.events['do.batch']).toEqual({ lines: 2, sums: { doRowsWritten: 3 } });
    expect(meter.events['session.finalized']!.sums).toEqual({ doRowsWritten: 35, r2Puts: 2, r2Bytes: 39402, segments: 1, d1RowsWritten: 21 });
    expect(meter.events.prefixed).toEqual({ lines: 1, sums: { n: 3 } });
  });

  it("reads miniflare's queue lines through their colours, for the named queue only", () => {
    expect(meter.queue).toEqual({ invocations: 1, acked: 2, received: 3 });
  });

  it('sums a field across events, or across the named ones', () => {
    expect(sumField(meter, 'd1RowsWritten')).toBe(25);
    expect(sumField(meter, 'r2Puts', ['asset.stored'])).toBe(1);
    expect(sumField(meter, 'absent')).toBe(0);
  });

  it('tells an event that never appeared from one that did', () => {
    expect(linesOf(meter, 'session.finalized')).toBe(1);
    expect(linesOf(meter, 'never.logged')).toBe(0);
  });
});
