import type { MiddlewareHandler } from 'hono';
import { recordHealth } from './record.ts';
import { ingestOutcome } from './samples.ts';

/**
 * Wraps POST /v1/ingest: once the answer is made (errors included: app.onError has turned them
 * into responses and left the error in c.error), one health sample says how it went.
 */
export const ingestHealth: MiddlewareHandler<{ Bindings: Env }> = async (c, next) => {
  await next();
  if (c.req.method !== 'POST') return;
  const { outcome, doError } = ingestOutcome(c.res.status, c.error);
  recordHealth(c.env, { kind: 'ingest', outcome, doError }, outcome === 'accepted' ? {} : { status: c.res.status, message: c.error?.message.slice(0, 200) ?? null });
};
