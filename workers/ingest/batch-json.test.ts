import { describe, expect, it } from 'vitest';
import type { IngestBatch } from '../../wire/index.ts';
import { storedBatchJson } from './batch-json.ts';
import { scanBatchJson } from './json-shape.ts';

const sessionId = '019ab000-0000-7000-8000-000000000001';
// Spaced and with a field the wire format does not know: written anew, neither would survive.
const text = `{"v":1,"sessionId":"${sessionId}","tab":"a","seq":0,"final":false,"sentAt":5,"extra":true,
  "events":[ {"type":4,"timestamp":1,"data":{"href":"é"}} , {"type":2,"timestamp":2,"data":{"s":"x"}},{"type":3,"timestamp":3,"data":{}} ]}`;

function decoded() {
  const scan = scanBatchJson(text);
  if (scan.problem !== null) throw new Error(scan.problem);
  return { batch: JSON.parse(text) as IngestBatch, json: text, spans: scan.events };
}

describe('storedBatchJson', () => {
  it('is the received text itself when nothing changed', () => {
    const d = decoded();
    expect(storedBatchJson(d, d.batch, [])).toBe(text);
  });

  it('writes anew only the changed events: the rest of the text stays as received', () => {
    const d = decoded();
    (d.batch.events[1]!.data as { s: string }).s = 'ref';
    const clamped = { ...d.batch, events: d.batch.events.map((e, i) => (i === 2 ? { ...e, timestamp: 9 } : e)) };
    const json = storedBatchJson(d, clamped, [1]);
    expect(JSON.parse(json)).toEqual({ ...JSON.parse(text), events: clamped.events });
    expect(json).toContain('"extra":true,\n  "events":[ {"type":4,"timestamp":1,"data":{"href":"é"}} , ');
  });

  it('serialises the whole batch when the events were not found in the text or the batch itself changed', () => {
    const d = decoded();
    (d.batch.events[0]!.data as { href: string }).href = 'changed';
    expect(JSON.parse(storedBatchJson({ ...d, spans: null }, d.batch, [0]))).toEqual(d.batch);
    expect(JSON.parse(storedBatchJson(d, { ...d.batch, sentAt: 7 }, []))).toEqual({ ...d.batch, sentAt: 7 });
  });
});
