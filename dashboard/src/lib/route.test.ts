import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from './route.ts';

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

  it('returns not-found for unknown or malformed paths', () => {
    expect(parseRoute('#/settings')).toEqual({ name: 'not-found', path: '/settings' });
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
    ];
    for (const route of routes) {
      expect(parseRoute(routeHref(route))).toEqual(route);
    }
  });
});
