/**
 * Hash routes. The whole view lives in the hash (path and query) so a link can be shared and the
 * worker only ever has to serve index.html at `/`.
 *
 *   #/                            sessions list (first project)
 *   #/?project=<projectId>        sessions list for a project
 *   #/sessions/<projectId>/<id>   player
 */

export type Route =
  | { name: 'sessions'; project: string | null }
  | { name: 'player'; projectId: string; sessionId: string }
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
    return { name: 'player', projectId: parts[1], sessionId: parts[2] };
  }
  return { name: 'not-found', path: path || '/' };
}

/** The `#…` href for a route; parseRoute(routeHref(r)) gives r back. */
export function routeHref(route: Route): string {
  switch (route.name) {
    case 'sessions':
      return route.project === null ? '#/' : `#/?${new URLSearchParams({ project: route.project })}`;
    case 'player':
      return `#/sessions/${encodeURIComponent(route.projectId)}/${encodeURIComponent(route.sessionId)}`;
    case 'not-found':
      return `#${route.path}`;
  }
}
