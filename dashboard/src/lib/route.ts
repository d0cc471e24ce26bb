/**
 * Hash routes. The whole view lives in the hash (path and query) so a link can be shared and the
 * worker only ever has to serve index.html at `/`.
 *
 *   #/                            sessions list (first project)
 *   #/?project=<projectId>        sessions list for a project
 *   #/?project=<projectId>&…      …narrowed and sorted by the filters of wire/filters.ts (user=, visited=, sort=…)
 *   #/sessions/<projectId>/<id>   player; ?tab=<tab> picks the tab, ?t=<ms from the tab's start>
 *                                 or ?at=<epoch ms> starts at that moment; ?comment=<id> highlights a comment
 *   #/s/<id>?tab=<tab>&at=<ms>    deep link from the SDK's getSessionUrl(): finds the project, opens the player
 *   #/live?project=<projectId>    sessions recording now
 *   #/live/<projectId>/<id>       watch a session live
 *   #/overview?project=<projectId>&from=<YYYY-MM-DD>&to=<YYYY-MM-DD>   charts of a project's days
 *   #/members?project=<projectId> who may see the project (owners manage it)
 *   #/settings?project=<projectId> the project's settings and key (owners change them)
 *   #/share/<token>               a share link: that one session's player, nothing else
 *   #/health                      the deployment's own health (admin)
 *
 * A session spans the tabs of one visit and each tab is its own replay, so a moment is named by
 * the tab and either an offset into that tab's replay (links made here) or a wall-clock time
 * (links made by the SDK, which cannot know where the tab's replay starts).
 */

import { filterQuery, parseFilter, type SessionFilter } from '../../../wire/filters.ts';
import { isCommentId } from '../../../wire/comments.ts';

/** Where in a session a link points. Every field is optional: null means "the default". */
export interface Moment {
  tab: string | null;
  t: number | null;
  at: number | null;
  /** A comment to highlight (links made by "Copy link"); absent when there is none. */
  comment?: string;
}

export type Route =
  /** `filter` is absent when nothing narrows or sorts the list; `filterError` when the link's filter is not valid. */
  | { name: 'sessions'; project: string | null; filter?: SessionFilter; filterError?: string }
  | ({ name: 'player'; projectId: string; sessionId: string } & Moment)
  | ({ name: 'session-link'; sessionId: string } & Moment)
  | { name: 'live'; project: string | null }
  | { name: 'watch'; projectId: string; sessionId: string }
  | { name: 'overview'; project: string | null; from: string | null; to: string | null }
  | { name: 'members'; project: string | null }
  | { name: 'settings'; project: string | null }
  | { name: 'share'; token: string }
  | { name: 'health' }
  | { name: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const queryAt = raw.indexOf('?');
  const path = queryAt === -1 ? raw : raw.slice(0, queryAt);
  const query = new URLSearchParams(queryAt === -1 ? '' : raw.slice(queryAt + 1));

  let parts: string[];
  try {
    parts = path.split('/').filter((part) => part !== '').map(decodeURIComponent);
  } catch {
    return { name: 'not-found', path };
  }

  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'sessions')) {
    const project = query.get('project')?.trim();
    const route = { name: 'sessions', project: project ? project : null } as const;
    const parsed = parseFilter(query);
    if (!parsed.ok) return { ...route, filterError: parsed.message };
    return filterQuery(parsed.filter).size > 0 ? { ...route, filter: parsed.filter } : route;
  }
  if (parts.length === 3 && parts[0] === 'sessions') {
    const comment = query.get('comment');
    const highlight = isCommentId(comment) ? { comment } : {};
    return { name: 'player', projectId: parts[1], sessionId: parts[2], ...momentParams(query), ...highlight };
  }
  if (parts.length === 1 && parts[0] === 'live') {
    const project = query.get('project')?.trim();
    return { name: 'live', project: project ? project : null };
  }
  if (parts.length === 3 && parts[0] === 'live') {
    return { name: 'watch', projectId: parts[1], sessionId: parts[2] };
  }
  if (parts.length === 1 && parts[0] === 'overview') {
    const project = query.get('project')?.trim();
    return { name: 'overview', project: project ? project : null, from: dayParam(query.get('from')), to: dayParam(query.get('to')) };
  }
  if (parts.length === 1 && (parts[0] === 'members' || parts[0] === 'settings')) {
    const project = query.get('project')?.trim();
    return { name: parts[0], project: project ? project : null };
  }
  if (parts.length === 1 && parts[0] === 'health') return { name: 'health' };
  if (parts.length === 2 && parts[0] === 'share') {
    return { name: 'share', token: parts[1] };
  }
  if (parts.length === 2 && parts[0] === 's') {
    return { name: 'session-link', sessionId: parts[1], ...momentParams(query) };
  }
  return { name: 'not-found', path: path || '/' };
}

/** The `#…` href for a route; parseRoute(routeHref(r)) gives r back. */
export function routeHref(route: Route): string {
  switch (route.name) {
    case 'sessions': {
      const query = new URLSearchParams(route.project === null ? {} : { project: route.project });
      for (const [name, value] of route.filter ? filterQuery(route.filter) : []) query.append(name, value);
      return query.size === 0 ? '#/' : `#/?${query}`;
    }
    case 'player':
      return `#/sessions/${encodeURIComponent(route.projectId)}/${encodeURIComponent(route.sessionId)}${momentQuery(route)}`;
    case 'session-link':
      return `#/s/${encodeURIComponent(route.sessionId)}${momentQuery(route)}`;
    case 'live':
      return route.project === null ? '#/live' : `#/live?${new URLSearchParams({ project: route.project })}`;
    case 'watch':
      return `#/live/${encodeURIComponent(route.projectId)}/${encodeURIComponent(route.sessionId)}`;
    case 'overview': {
      const query = new URLSearchParams();
      if (route.project !== null) query.set('project', route.project);
      if (route.from !== null) query.set('from', route.from);
      if (route.to !== null) query.set('to', route.to);
      const text = query.toString();
      return text === '' ? '#/overview' : `#/overview?${text}`;
    }
    case 'members':
    case 'settings':
      return route.project === null ? `#/${route.name}` : `#/${route.name}?${new URLSearchParams({ project: route.project })}`;
    case 'share':
      return `#/share/${encodeURIComponent(route.token)}`;
    case 'health':
      return '#/health';
    case 'not-found':
      return `#${route.path}`;
  }
}

const TAB = /^[0-9a-z]{1,16}$/;

function momentParams(query: URLSearchParams): Moment {
  const tab = query.get('tab');
  return { tab: tab !== null && TAB.test(tab) ? tab : null, t: msParam(query.get('t')), at: msParam(query.get('at')) };
}

/** A UTC day, YYYY-MM-DD; anything else is no day (the page picks its default range). */
function dayParam(value: string | null): string | null {
  return value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}

/** A time in ms (an offset or an epoch time): a whole, non-negative number, else none. */
function msParam(value: string | null): number | null {
  if (value === null || !/^\d{1,15}$/.test(value)) return null;
  return Number(value);
}

function momentQuery({ tab, t, at, comment }: Moment): string {
  const query = new URLSearchParams();
  if (tab !== null) query.set('tab', tab);
  if (t !== null) query.set('t', String(t));
  if (at !== null) query.set('at', String(at));
  if (comment !== undefined) query.set('comment', comment);
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}
