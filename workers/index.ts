import { Hono } from 'hono';
import { ASSETS_PATH, CONFIG_PATH, INGEST_PATH, STATS_PATH } from '../wire/index.ts';
import { assetRoutes } from './api/assets.ts';
import { liveRoutes } from './api/live.ts';
import { apiRoutes } from './api/routes.ts';
import { commentRoutes } from './api/comments.ts';
import { handleError, handleNotFound } from './errors.ts';
import { configRoutes } from './ingest/config-route.ts';
import { ingestRoutes } from './ingest/route.ts';
import { consumeSessionEvents } from './queue/consumer.ts';
import { statsRoutes } from './stats/route.ts';
import { apiSecurityHeaders } from './security/headers.ts';

export { SessionRecorder } from '../durable-objects/session-recorder.ts';
export { SessionQuota } from '../durable-objects/quota/session-quota.ts';

export const app = new Hono<{ Bindings: Env }>()
  .get('/healthz', (c) => c.json({ ok: true }))
  .use('/api/*', apiSecurityHeaders)
  .route(INGEST_PATH, ingestRoutes)
  .route(CONFIG_PATH, configRoutes)
  .route(STATS_PATH, statsRoutes)
  .route(ASSETS_PATH, assetRoutes)
  .route('/api', apiRoutes)
  .route('/api', liveRoutes)
  .route('/api', commentRoutes)
  .notFound(handleNotFound)
  .onError(handleError);

export default {
  fetch: app.fetch,
  queue: consumeSessionEvents,
} satisfies ExportedHandler<Env>;
