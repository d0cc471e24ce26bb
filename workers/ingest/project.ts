import type { Context } from 'hono';
import { PROJECT_KEY_PARAM } from '../../wire/index.ts';
import { findProjectByKey, type IngestProject } from '../db/projects.ts';
import { ApiError } from '../errors.ts';
import { isOriginAllowed } from './origins.ts';

/** The project named by the request's public key, sent from one of its allowed origins; else a 401/403 ApiError. */
export async function requireProject(c: Context<{ Bindings: Env }>): Promise<IngestProject> {
  const key = c.req.query(PROJECT_KEY_PARAM);
  if (!key) throw new ApiError(401, 'unknown_project', `missing project key (?${PROJECT_KEY_PARAM}=)`);
  const project = await findProjectByKey(c.env.DB, key);
  if (!project) throw new ApiError(403, 'unknown_project', 'no project has this key');
  if (!isOriginAllowed(c.req.header('origin') ?? null, project.allowedOrigins)) {
    throw new ApiError(403, 'origin_not_allowed', "this site is not in the project's allowed origins");
  }
  return project;
}
