import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from '../route.ts';

const SESSION = '01923f4e-7b1c-7a2d-8e3f-0123456789ab';

describe('live routes', () => {
  it.each<[string, Route]>([
    ['#/live', { name: 'live', project: null }],
    ['#/live?project=demo', { name: 'live', project: 'demo' }],
    [`#/live/demo/${SESSION}`, { name: 'watch', projectId: 'demo', sessionId: SESSION }],
  ])('parses %s and writes it back', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
    expect(routeHref(route)).toBe(hash);
  });

  it('encodes what it writes', () => {
    const route: Route = { name: 'watch', projectId: 'a/b', sessionId: SESSION };
    expect(parseRoute(routeHref(route))).toEqual(route);
  });
});
