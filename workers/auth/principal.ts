/**
 * Who is asking, and what they may do. Pure: the middleware works out the principal from the
 * request (admin secret, login cookie, Cloudflare Access, share link), routes ask these questions.
 */
import type { Role } from './tokens.ts';

export type Principal =
  /** The deployment's admin secret: every project, every setting. */
  | { kind: 'admin' }
  /** A team member (Cloudflare Access identity): the projects they have a role in, nothing else. */
  | { kind: 'member'; email: string; roles: ReadonlyMap<string, Role> }
  /** A share link: one session of one project, read only. */
  | { kind: 'share'; projectId: string; sessionId: string };

export function canReadProject(who: Principal, projectId: string): boolean {
  if (who.kind === 'admin') return true;
  return who.kind === 'member' && who.roles.has(projectId);
}

export function canReadSession(who: Principal, projectId: string, sessionId: string): boolean {
  if (who.kind === 'share') return who.projectId === projectId && who.sessionId === sessionId;
  return canReadProject(who, projectId);
}

/** Settings, keys, members, share links: owners only. */
export function canManageProject(who: Principal, projectId: string): boolean {
  if (who.kind === 'admin') return true;
  return who.kind === 'member' && who.roles.get(projectId) === 'owner';
}

/** Creating projects is the deployment owner's: it decides who pays for what. */
export const canCreateProject = (who: Principal): boolean => who.kind === 'admin';

/** The projects a list may show: null means all of them. */
export function visibleProjects(who: Principal): ReadonlySet<string> | null {
  if (who.kind === 'admin') return null;
  if (who.kind === 'share') return new Set();
  return new Set(who.roles.keys());
}
