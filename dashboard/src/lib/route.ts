/**
 * Hash routes. The whole view lives in the hash (path and query) so a link can be shared and the
 * worker only ever has to serve index.html at `/`.
 *
 *   #/                            sessions list (first project)
 *   #/?project=<projectId>        sessions list for a project
 *   #/sessions/<projectId>/<id>   player; ?tab=<tab> picks the tab, ?t=<ms from the tab's start>
 *                                 or ?at=<epoch ms> starts at that moment
 *   #/s/<id>?tab=<tab>&at=<ms>    deep link from the SDK's getSessionUrl(): finds the project, opens the player
 *   #/live?project=<projectId>    sessions recording now
 *   #/live/<projectId>/<id>       watch a session live
 *
 * A session spans the tabs of one visit and each tab is its own replay, so a moment is named by
 * the tab and either an offset into that tab's replay (links made here) or a wall-clock time
 * (links made by the SDK, which cannot know where the tab's replay starts).
 */

/** Where in a session a link points. Every field is optional: null means "the default". */
export interface Moment {
  tab: string | null;
  t: number | null;
  at: number | null;
}

export type Route =
  | { name: 'sessions'; project: string | null }
  | ({ name: 'player'; projectId: string; sessionId: string } & Moment)
  | ({ name: 'session-link'; sessionId: string } & Moment)
  | { name: 'live'; project: string | null }
  | { name: 'watch'; projectId: string; sessionId: string }
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
    return { name: 'sessions', project: project ? project : null };
  }
  if (parts.length === 3 && parts[0] === 'sessions') {
    return { name: 'player', projectId: parts[1], sessionId: parts[2], ...momentParams(query) };
  }
  if (parts.length === 1 && parts[0] === 'live') {
    const project = query.get('project')?.trim();
    return { name: 'live', project: project ? project : null };
  }
  if (parts.length === 3 && parts[0] === 'live') {
    return { name: 'watch', projectId: parts[1], sessionId: parts[2] };
  }
  if (parts.length === 2 && parts[0] === 's') {
    return { name: 'session-link', sessionId: parts[1], ...momentParams(query) };
  }
  return { name: 'not-found', path: path || '/' };
}

/** The `#…` href for a route; parseRoute(routeHref(r)) gives r back. */
export function routeHref(route: Route): string {
  switch (route.name) {
    case 'sessions':
      return route.project === null ? '#/' : `#/?${new URLSearchParams({ project: route.project })}`;
    case 'player':
      return `#/sessions/${encodeURIComponent(route.projectId)}/${encodeURIComponent(route.sessionId)}${momentQuery(route)}`;
    case 'session-link':
      return `#/s/${encodeURIComponent(route.sessionId)}${momentQuery(route)}`;
    case 'live':
      return route.project === null ? '#/live' : `#/live?${new URLSearchParams({ project: route.project })}`;
    case 'watch':
      return `#/live/${encodeURIComponent(route.projectId)}/${encodeURIComponent(route.sessionId)}`;
    case 'not-found':
      return `#${route.path}`;
  }
}

const TAB = /^[0-9a-z]{1,16}$/;

function momentParams(query: URLSearchParams): Moment {
  const tab = query.get('tab');
  return { tab: tab !== null && TAB.test(tab) ? tab : null, t: msParam(query.get('t')), at: msParam(query.get('at')) };
}

/** A time in ms (an offset or an epoch time): a whole, non-negative number, else none. */
function msParam(value: string | null): number | null {
  if (value === null || !/^\d{1,15}$/.test(value)) return null;
  return Number(value);
}

function momentQuery({ tab, t, at }: Moment): string {
  const query = new URLSearchParams();
  if (tab !== null) query.set('tab', tab);
  if (t !== null) query.set('t', String(t));
  if (at !== null) query.set('at', String(at));
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}
