import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { RemoteConfig } from '../../wire/index.ts';
import { requireProject } from './project.ts';

/** GET /v1/config: the recording settings the SDK applies over its init() options. */
export const configRoutes = new Hono<{ Bindings: Env }>()
  .use('*', cors({ origin: '*', allowMethods: ['GET', 'OPTIONS'], maxAge: 86_400 }))
  .get('/', async (c) => {
    const project = await requireProject(c);
    // Short cache: a settings change reaches every visitor within a minute.
    c.header('cache-control', 'public, max-age=60');
    return c.json<RemoteConfig>(project.config);
  });
