import { isProjectId, isSessionId } from '../../wire/index.ts';
import { ApiError } from '../errors.ts';

/** A project id from a path or query parameter, or a 400. */
export function projectParam(value: string | undefined): string {
  if (!isProjectId(value)) throw new ApiError(400, 'bad_request', 'project must be a project id');
  return value;
}

/** A session id from a path parameter, or a 400. */
export function sessionIdParam(value: string | undefined): string {
  if (!isSessionId(value)) throw new ApiError(400, 'bad_request', 'session must be a UUIDv7');
  return value;
}

/** The `:project/:session` pair of a session's routes. */
export function sessionParams(params: { project: string; session: string }) {
  const sessionId = sessionIdParam(params.session);
  return { projectId: projectParam(params.project), sessionId };
}
