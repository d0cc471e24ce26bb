import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from './route.ts';
import { EMPTY_FILTER } from '../../../wire/filters.ts';

const SESSION = '01923f4e-7b1c-7a2d-8e3f-0123456789ab';
const START = { tab: null, t: null, at: null };

describe('parseRoute', () => {
  it('treats an empty or bare hash as the sessions list without a project', () => {
    for (const hash of ['', '#', '#/', '/', '#//']) {
      expect(parseRoute(hash)).toEqual({ name: 'sessions', project: null });
    }
  });

  it('reads the project from the query in the hash', () => {
    expect(parseRoute('#/?project=demo')).toEqual({ name: 'sessions', project: 'demo' });
    expect(parseRoute('#/sessions?project=demo')).toEqual({ name: 'sessions', project: 'demo' });
    expect(parseRoute('#?project=demo&other=1')).toEqual({ name: 'sessions', project: 'demo' });
  });

  it('ignores an empty project parameter', () => {
    expect(parseRoute('#/?project=')).toEqual({ name: 'sessions', project: null });
    expect(parseRoute('#/?project=%20')).toEqual({ name: 'sessions', project: null });
  });

  it('parses the player route', () => {
    expect(parseRoute(`#/sessions/demo/${SESSION}`)).toEqual({
      name: 'player',
      projectId: 'demo',
      sessionId: SESSION,
      ...START,
    });
    expect(parseRoute(`#/sessions/demo/${SESSION}/`)).toEqual({
      name: 'player',
      projectId: 'demo',
      sessionId: SESSION,
      ...START,
    });
  });

  it('parses deep links: tab, playback offsets and wall-clock times, ignoring values that are not whole ms', () => {
    expect(parseRoute(`#/s/${SESSION}?tab=k3x9&at=1760000000123`)).toEqual({
      name: 'session-link',
      sessionId: SESSION,
      tab: 'k3x9',
      t: null,
      at: 1_760_000_000_123,
    });
    expect(parseRoute(`#/sessions/demo/${SESSION}?t=90`)).toMatchObject({ name: 'player', t: 90, tab: null });
    for (const bad of ['-1', '1.5', 'abc', '', '1e9']) {
      expect(parseRoute(`#/s/${SESSION}?t=${bad}&at=${bad}`)).toEqual({ name: 'session-link', sessionId: SESSION, ...START });
    }
    for (const bad of ['', 'UPPER', '../x', 'a'.repeat(17)]) {
      expect(parseRoute(`#/s/${SESSION}?tab=${encodeURIComponent(bad)}`)).toMatchObject({ tab: null });
    }
  });

  it('decodes percent-encoded segments', () => {
    expect(parseRoute('#/sessions/my%20project/a%2Fb')).toEqual({
      name: 'player',
      projectId: 'my project',
      sessionId: 'a/b',
      ...START,
    });
  });

  it('parses a share link and the members page', () => {
    expect(parseRoute('#/share/aaa.bbb.ccc')).toEqual({ name: 'share', token: 'aaa.bbb.ccc' });
    expect(parseRoute('#/share')).toEqual({ name: 'not-found', path: '/share' });
    expect(parseRoute('#/members?project=demo')).toEqual({ name: 'members', project: 'demo' });
    expect(parseRoute('#/settings?project=demo')).toEqual({ name: 'settings', project: 'demo' });
    expect(parseRoute('#/health')).toEqual({ name: 'health' });
  });

  it('returns not-found for unknown or malformed paths', () => {
    expect(parseRoute('#/preferences')).toEqual({ name: 'not-found', path: '/preferences' });
    expect(parseRoute('#/sessions/demo')).toEqual({ name: 'not-found', path: '/sessions/demo' });
    expect(parseRoute(`#/sessions/demo/${SESSION}/extra`).name).toBe('not-found');
    expect(parseRoute('#/sessions/%E0%A4%A/x')).toEqual({ name: 'not-found', path: '/sessions/%E0%A4%A/x' });
  });
});

describe('routeHref', () => {
  it('formats each route', () => {
    expect(routeHref({ name: 'sessions', project: null })).toBe('#/');
    expect(routeHref({ name: 'sessions', project: 'demo' })).toBe('#/?project=demo');
    expect(routeHref({ name: 'player', projectId: 'demo', sessionId: SESSION, ...START })).toBe(`#/sessions/demo/${SESSION}`);
    expect(routeHref({ name: 'player', projectId: 'demo', sessionId: SESSION, tab: 'b', t: 5, at: null })).toBe(
      `#/sessions/demo/${SESSION}?tab=b&t=5`,
    );
  });

  it('round-trips through parseRoute, including awkward characters', () => {
    const routes: Route[] = [
      { name: 'sessions', project: null },
      { name: 'sessions', project: 'demo' },
      { name: 'sessions', project: 'a&b=c d+e/f?#' },
      { name: 'player', projectId: 'demo', sessionId: SESSION, ...START },
      { name: 'player', projectId: 'demo', sessionId: SESSION, ...START, t: 4_200 },
      { name: 'player', projectId: 'demo', sessionId: SESSION, tab: 'z9', t: null, at: 1_760_000_000_000 },
      { name: 'session-link', sessionId: SESSION, ...START, t: 0 },
      { name: 'session-link', sessionId: SESSION, ...START },
      { name: 'player', projectId: 'a/b c?#&', sessionId: '%zz', ...START },
      { name: 'members', project: null },
      { name: 'members', project: 'demo' },
      { name: 'settings', project: null },
      { name: 'settings', project: 'demo' },
      { name: 'health' },
      { name: 'share', token: 'eyJhbGciOiJIUzI1NiJ9.eyJrIjoic2hhcmUifQ.sig-_0' },
    ];
    for (const route of routes) {
      expect(parseRoute(routeHref(route))).toEqual(route);
    }
  });
});

describe('sessions route filters', () => {
  it('carries the filter in the hash and gives it back', () => {
    const filter = { ...EMPTY_FILTER, userId: 'ada & bob', visited: '/cart?x=1', properties: [{ key: 'plan', value: 'pro', negate: true }], sort: 'duration' as const };
    const route: Route = { name: 'sessions', project: 'demo', filter };
    const href = routeHref(route);
    expect(href.startsWith('#/?project=demo&')).toBe(true);
    expect(parseRoute(href)).toEqual(route);
  });

  it('leaves an empty filter out, and reports a filter it cannot read instead of guessing', () => {
    expect(routeHref({ name: 'sessions', project: 'demo', filter: EMPTY_FILTER })).toBe('#/?project=demo');
    expect(parseRoute('#/?project=demo&errors=0')).toEqual({ name: 'sessions', project: 'demo' });
    expect(parseRoute('#/?project=demo&sort=random&user=ada')).toEqual({ name: 'sessions', project: 'demo', filterError: expect.stringContaining('sort') });
  });
});

describe('comment links', () => {
  const COMMENT = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

  it('carries the comment to highlight with its tab and moment', () => {
    const route: Route = { name: 'player', projectId: 'demo', sessionId: SESSION, tab: 'main', t: 61_000, at: null, comment: COMMENT };
    expect(routeHref(route)).toBe(`#/sessions/demo/${SESSION}?tab=main&t=61000&comment=${COMMENT}`);
    expect(parseRoute(routeHref(route))).toEqual(route);
  });

  it('ignores a comment id that is not one', () => {
    for (const bad of ['', 'x', COMMENT.toUpperCase(), `${COMMENT}<script>`]) {
      expect(parseRoute(`#/sessions/demo/${SESSION}?comment=${encodeURIComponent(bad)}`)).toEqual({ name: 'player', projectId: 'demo', sessionId: SESSION, ...START });
    }
  });
});
