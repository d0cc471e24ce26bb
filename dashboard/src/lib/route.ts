/**
 * Hash routes. The whole view lives in the hash (path and query) so a link can be shared and the
 * worker only ever has to serve index.html at `/`.
 *
 *   #/                            sessions list (first project)
 *   #/?project=<projectId>        sessions list for a project
 *   #/sessions/<projectId>/<id>   player; ?t=<ms> starts at that moment
 *   #/s/<id>?t=<ms>               deep link from the SDK's getSessionUrl(): finds the project, opens the player
 */

export type Route =
  | { name: 'sessions'; project: string | null }
  | { name: 'player'; projectId: string; sessionId: string; t: number | null }
  | { name: 'session-link'; sessionId: string; t: number | null }
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
    return { name: 'player', projectId: parts[1], sessionId: parts[2], t: offsetParam(query.get('t')) };
  }
  if (parts.length === 2 && parts[0] === 's') {
    return { name: 'session-link', sessionId: parts[1], t: offsetParam(query.get('t')) };
  }
  return { name: 'not-found', path: path || '/' };
}

/** The `#…` href for a route; parseRoute(routeHref(r)) gives r back. */
export function routeHref(route: Route): string {
  switch (route.name) {
    case 'sessions':
      return route.project === null ? '#/' : `#/?${new URLSearchParams({ project: route.project })}`;
    case 'player':
      return `#/sessions/${encodeURIComponent(route.projectId)}/${encodeURIComponent(route.sessionId)}${offsetQuery(route.t)}`;
    case 'session-link':
      return `#/s/${encodeURIComponent(route.sessionId)}${offsetQuery(route.t)}`;
    case 'not-found':
      return `#${route.path}`;
  }
}

/** A playback offset in ms: a whole, non-negative number, else none. */
function offsetParam(value: string | null): number | null {
  if (value === null || !/^\d{1,12}$/.test(value)) return null;
  return Number(value);
}

const offsetQuery = (t: number | null) => (t === null ? '' : `?t=${t}`);
