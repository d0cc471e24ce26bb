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
import { runScheduled } from './retention/scheduled.ts';
import { ingestHealth } from './health/ingest.ts';
import { healthRoutes } from './health/route.ts';
import { statsRoutes } from './stats/route.ts';
import { apiSecurityHeaders } from './security/headers.ts';
import { authRoutes } from './api/auth.ts';
import { memberRoutes } from './api/members.ts';
import { projectRoutes } from './api/projects.ts';
import { shareRoutes } from './api/share.ts';
import { requirePrincipal, sameOriginOnly, type ApiEnv } from './auth/middleware.ts';

export { SessionRecorder } from '../durable-objects/session-recorder.ts';
export { SessionQuota } from '../durable-objects/quota/session-quota.ts';

export const app = new Hono<ApiEnv>()
  .get('/healthz', (c) => c.json({ ok: true }))
  .use('/api/*', apiSecurityHeaders)
  // Ingest and the SDK's config stay open: the project key and allowed origins guard them.
  .use(INGEST_PATH, ingestHealth)
  .route(INGEST_PATH, ingestRoutes)
  .route(CONFIG_PATH, configRoutes)
  // Everything under /api from here on needs a principal; sign-in itself comes first.
  .use('/api/*', sameOriginOnly)
  .route('/api/auth', authRoutes)
  .use('/api/*', requirePrincipal)
  .route(STATS_PATH, statsRoutes)
  .route('/api/health', healthRoutes)
  .route(ASSETS_PATH, assetRoutes)
  .route('/api', apiRoutes)
  .route('/api', liveRoutes)
  .route('/api', commentRoutes)
  .route('/api', memberRoutes)
  .route('/api', projectRoutes)
  .route('/api', shareRoutes)
  .notFound(handleNotFound)
  .onError(handleError);

export default {
  fetch: app.fetch,
  queue: consumeSessionEvents,
  scheduled: runScheduled,
} satisfies ExportedHandler<Env>;
