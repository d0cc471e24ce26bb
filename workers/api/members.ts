import { Hono } from 'hono';
import { normaliseEmail, validateNewMember, type MemberListResponse, type ProjectMember } from '../../wire/auth.ts';
import type { ApiEnv } from '../auth/middleware.ts';
import { listMembers, putMember, removeMember } from '../auth/members.ts';
import { ApiError } from '../errors.ts';
import { mayManageProject } from './guards.ts';
import { jsonBody, limitBody } from './json-body.ts';
import { projectParam } from './params.ts';

/** A project's members (owners and viewers, by email), managed by its owners. Mounted under /api. */
export const memberRoutes = new Hono<ApiEnv>()
  .get('/projects/:project/members', async (c) => {
    const projectId = projectParam(c.req.param('project'));
    mayManageProject(c.var.principal, projectId);
    const members = await listMembers(c.env.DB, projectId);
    if (members === null) throw noProject();
    return c.json<MemberListResponse>({ members });
  })
  .post('/projects/:project/members', limitBody(1024), async (c) => {
    const projectId = projectParam(c.req.param('project'));
    mayManageProject(c.var.principal, projectId);
    const parsed = validateNewMember(await jsonBody(c));
    if (!parsed.ok) throw new ApiError(400, 'bad_request', parsed.message);
    const member: ProjectMember = { ...parsed.value, createdAt: Date.now() };
    if (!(await putMember(c.env.DB, projectId, member))) throw noProject();
    return c.json(member, 201);
  })
  .delete('/projects/:project/members/:email', async (c) => {
    const projectId = projectParam(c.req.param('project'));
    mayManageProject(c.var.principal, projectId);
    const email = normaliseEmail(c.req.param('email'));
    if (email === null) throw new ApiError(400, 'bad_request', 'email must be an email address');
    if (!(await removeMember(c.env.DB, projectId, email))) throw new ApiError(404, 'not_found', 'no such member');
    return c.body(null, 204);
  });

const noProject = () => new ApiError(404, 'not_found', 'no such project');
