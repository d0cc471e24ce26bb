import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { MAX_WIRE_BYTES, type IngestResponse } from '../../wire/index.ts';
import { ApiError } from '../errors.ts';
import { decodeBatch } from './decode.ts';
import { anchorTimestamps } from './clock.ts';
import { storedBatchJson } from './batch-json.ts';
import { splitOutAssets } from './asset-store.ts';
import { requireProject } from './project.ts';
import { admitSession } from './quota.ts';
import { enforceRateLimit } from './rate-limit.ts';

/** POST /v1/ingest: key check, size caps, gunzip, validation, then the session's Durable Object. */
export const ingestRoutes = new Hono<{ Bindings: Env }>()
  // Snippets run on customers' sites, so CORS lets every origin through and the project's own
  // allowed origins are checked in requireProject; refusals stay readable so the SDK can stop.
  .use('*', cors({ origin: '*', allowMethods: ['POST', 'OPTIONS'], exposeHeaders: ['Retry-After'], maxAge: 86_400 }))
  .post(
    '/',
    bodyLimit({
      maxSize: MAX_WIRE_BYTES,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `request body is larger than ${MAX_WIRE_BYTES} bytes`);
      },
    }),
    async (c) => {
      const project = await requireProject(c);
      await enforceRateLimit(c.env.INGEST_RATE_LIMITER, project.id);

      const receivedAt = Date.now();
      const decoded = await decodeBatch(await c.req.arrayBuffer());
      const batch = anchorTimestamps(decoded.batch, receivedAt);
      // Last check before anything is stored: a batch refused after it would use up quota for nothing.
      await admitSession(c.env.SESSION_QUOTA, project, batch, receivedAt);
      // Assets reach R2 before the batch reaches its DO: an acknowledged batch never refers to a missing one.
      // Only events holding a long string can hold an asset; the scan before parsing found them.
      const candidates = decoded.spans?.longStrings ?? batch.events.map((_, i) => i);
      const movedAssets = await splitOutAssets(candidates.map((i) => batch.events[i]!), c.env);
      // The DO stores JSON text: hand it the text we parsed (a string crosses RPC far cheaper than
      // an event tree), with the events that clock anchoring or asset extraction changed written anew.
      const json = storedBatchJson(decoded, batch, movedAssets ? candidates : []);
      const recorder = c.env.SESSION_RECORDER.getByName(`${project.id}:${batch.sessionId}`);
      const { duplicate, live, tooManyTabs } = await recorder.ingest({ sessionId: batch.sessionId, tab: batch.tab, seq: batch.seq, final: batch.final }, json, {
        projectId: project.id,
        receivedAt,
        userAgent: c.req.header('user-agent') ?? null,
        country: (c.req.raw.cf?.country as string | undefined) ?? null,
      });
      if (tooManyTabs) throw new ApiError(400, 'invalid_batch', 'this session already has as many tabs as one session may have');
      return c.json<IngestResponse>({ ok: true, duplicate, live });
    },
  );
