/**
 * Route-side access checks. The rule: whether a principal may act on a project or session is
 * decided from the ids in the request before anything is looked up, and a refusal is a 403 whether
 * or not the thing exists, so the answer says nothing about other projects' data. The one route
 * that names no project (find-session) answers 404 for a session the principal may not read,
 * exactly as for one that does not exist.
 */
import { canManageProject, canReadProject, canReadSession, type Principal } from '../auth/principal.ts';
import { ApiError } from '../errors.ts';

export function mayReadProject(who: Principal, projectId: string): void {
  if (!canReadProject(who, projectId)) throw forbidden('you are not a member of this project');
}

export function mayReadSession(who: Principal, projectId: string, sessionId: string): void {
  if (!canReadSession(who, projectId, sessionId)) {
    throw forbidden(who.kind === 'share' ? 'this share link opens another session' : 'you are not a member of this project');
  }
}

/** Settings, members and share links: the project's owners (and the admin). */
export function mayManageProject(who: Principal, projectId: string): void {
  if (!canManageProject(who, projectId)) throw forbidden('only an owner of this project may do this');
}

const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
