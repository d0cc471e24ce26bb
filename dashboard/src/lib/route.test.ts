import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from './route.ts';

const SESSION = '01923f4e-7b1c-7a2d-8e3f-0123456789ab';

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
      t: null,
    });
    expect(parseRoute(`#/sessions/demo/${SESSION}/`)).toEqual({
      name: 'player',
      projectId: 'demo',
      sessionId: SESSION,
      t: null,
    });
  });

  it('parses deep links and playback offsets, ignoring offsets that are not whole ms', () => {
    expect(parseRoute(`#/s/${SESSION}?t=1500`)).toEqual({ name: 'session-link', sessionId: SESSION, t: 1500 });
    expect(parseRoute(`#/sessions/demo/${SESSION}?t=90`)).toMatchObject({ name: 'player', t: 90 });
    for (const bad of ['-1', '1.5', 'abc', '', '1e9']) {
      expect(parseRoute(`#/s/${SESSION}?t=${bad}`)).toEqual({ name: 'session-link', sessionId: SESSION, t: null });
    }
  });

  it('decodes percent-encoded segments', () => {
    expect(parseRoute('#/sessions/my%20project/a%2Fb')).toEqual({
      name: 'player',
      projectId: 'my project',
      sessionId: 'a/b',
      t: null,
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
    expect(routeHref({ name: 'player', projectId: 'demo', sessionId: SESSION, t: null })).toBe(`#/sessions/demo/${SESSION}`);
  });

  it('round-trips through parseRoute, including awkward characters', () => {
    const routes: Route[] = [
      { name: 'sessions', project: null },
      { name: 'sessions', project: 'demo' },
      { name: 'sessions', project: 'a&b=c d+e/f?#' },
      { name: 'player', projectId: 'demo', sessionId: SESSION, t: null },
      { name: 'player', projectId: 'demo', sessionId: SESSION, t: 4_200 },
      { name: 'session-link', sessionId: SESSION, t: 0 },
      { name: 'session-link', sessionId: SESSION, t: null },
      { name: 'player', projectId: 'a/b c?#&', sessionId: '%zz', t: null },
    ];
    for (const route of routes) {
      expect(parseRoute(routeHref(route))).toEqual(route);
    }
  });
});
