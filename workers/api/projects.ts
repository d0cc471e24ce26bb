import { Hono } from 'hono';
import { validateNewProject, validateProjectPatch, type ProjectSettings } from '../../wire/projects.ts';
import type { ApiEnv } from '../auth/middleware.ts';
import { canCreateProject } from '../auth/principal.ts';
import { ApiError } from '../errors.ts';
import { mayManageProject, mayReadProject } from './guards.ts';
import { jsonBody, limitBody } from './json-body.ts';
import { projectParam } from './params.ts';
import { createProject, getProjectSettings, rotateProjectKey, updateProjectSettings } from './projects-db.ts';

/** A project's settings and key: members read them, owners change them, the admin creates projects. Mounted under /api. */
export const projectRoutes = new Hono<ApiEnv>()
  .post('/projects', limitBody(1024), async (c) => {
    if (!canCreateProject(c.var.principal)) throw new ApiError(403, 'forbidden', 'only the deployment admin may create projects');
    const parsed = validateNewProject(await jsonBody(c));
    if (!parsed.ok) throw new ApiError(400, 'bad_request', parsed.message);
    const created = await createProject(c.env.DB, parsed.value);
    if (!created) throw new ApiError(409, 'conflict', `a project with id ${parsed.value.id} exists: send another id`);
    return c.json<ProjectSettings>(created, 201);
  })
  .get('/projects/:project', async (c) => {
    const projectId = projectParam(c.req.param('project'));
    mayReadProject(c.var.principal, projectId);
    return c.json<ProjectSettings>(found(await getProjectSettings(c.env.DB, projectId)));
  })
  .patch('/projects/:project', limitBody(16 * 1024), async (c) => {
    const projectId = projectParam(c.req.param('project'));
    mayManageProject(c.var.principal, projectId);
    const parsed = validateProjectPatch(await jsonBody(c));
    if (!parsed.ok) throw new ApiError(400, 'bad_request', parsed.message);
    return c.json<ProjectSettings>(found(await updateProjectSettings(c.env.DB, projectId, parsed.value)));
  })
  .post('/projects/:project/rotate-key', async (c) => {
    const projectId = projectParam(c.req.param('project'));
    mayManageProject(c.var.principal, projectId);
    return c.json<ProjectSettings>(found(await rotateProjectKey(c.env.DB, projectId)));
  });

function found(settings: ProjectSettings | null): ProjectSettings {
  if (!settings) throw new ApiError(404, 'not_found', 'no such project');
  return settings;
}
