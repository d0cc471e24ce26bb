/**
 * Meters a `wrangler dev` run from its output: the Worker's structured log lines (workers/log.ts)
 * and miniflare's line per queue consumer invocation (`QUEUE <queue> <acked>/<total> (<ms>ms)`).
 * Pure: takes lines, returns per-event line counts and sums of every numeric field, so a metric a
 * new event reports (say d1RowsWritten on session.started) is counted without a change here, and
 * a caller can tell a measured zero from an event that never appeared.
 */

export interface EventMeter {
  lines: number;
  sums: Record<string, number>;
}

export interface LogMeter {
  events: Record<string, EventMeter>;
  queue: { invocations: number; acked: number; received: number };
}

const ANSI = /\u001b\[[0-9;]*m/g;
const QUEUE_LINE = /\bQUEUE (\S+) (\d+)\/(\d+)/;

export function meterLogs(lines: Iterable<string>, queueName: string): LogMeter {
  const meter: LogMeter = { events: {}, queue: { invocations: 0, acked: 0, received: 0 } };
  for (const rawLine of lines) {
    const line = rawLine.replace(ANSI, '');
    const queue = QUEUE_LINE.exec(line);
    if (queue) {
      if (queue[1] === queueName) {
        meter.queue.invocations++;
        meter.queue.acked += Number(queue[2]);
        meter.queue.received += Number(queue[3]);
      }
      continue;
    }
    const fields = structured(line);
    if (!fields) continue;
    const event = (meter.events[fields.event] ??= { lines: 0, sums: {} });
    event.lines++;
    for (const [name, value] of Object.entries(fields)) {
      if (typeof value === 'number' && Number.isFinite(value)) event.sums[name] = (event.sums[name] ?? 0) + value;
    }
  }
  return meter;
}

/** A field summed over the given events (all events when none are named). */
export function sumField(meter: LogMeter, field: string, events?: string[]): number {
  return Object.entries(meter.events)
    .filter(([name]) => !events || events.includes(name))
    .reduce((n, [, e]) => n + (e.sums[field] ?? 0), 0);
}

/** Lines of an event, 0 when it never appeared. */
export const linesOf = (meter: LogMeter, event: string) => meter.events[event]?.lines ?? 0;

/** The JSON object a structured log line carries; wrangler may put a prefix before it. */
function structured(line: string): ({ event: string } & Record<string, unknown>) | null {
  const start = line.indexOf('{"event":');
  if (start < 0) return null;
  try {
    const value = JSON.parse(line.slice(start)) as { event?: unknown };
    return typeof value?.event === 'string' ? (value as { event: string }) : null;
  } catch {
    return null;
  }
}
