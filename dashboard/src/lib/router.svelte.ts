import { parseRoute, routeHref, type Route } from './route.ts';

/** The current route, kept in step with location.hash. */
export class Router {
  route = $state.raw<Route>(parseRoute(location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.route = parseRoute(location.hash);
    });
  }

  /** Goes to a route, adding a history entry unless `replace` (used for defaults the user did not pick). */
  navigate(route: Route, { replace = false } = {}): void {
    const href = routeHref(route);
    if (replace) {
      // replaceState does not fire hashchange, so update the route ourselves.
      history.replaceState(history.state, '', href);
      this.route = parseRoute(href);
    } else {
      location.hash = href;
    }
  }
}

export const router = new Router();
