import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.ts';
import { projectParam, sessionIdParam, sessionParams } from './params.ts';

const SESSION = '019a0000-0000-7000-8000-000000000000';

const refusal = (read: () => unknown) => {
  try {
    read();
    return null;
  } catch (err) {
    return err instanceof ApiError ? `${err.status} ${err.code}: ${err.message}` : String(err);
  }
};

describe('API parameters', () => {
  it('pass project ids and UUIDv7 session ids through unchanged', () => {
    expect(projectParam('demo-2')).toBe('demo-2');
    expect(sessionIdParam(SESSION)).toBe(SESSION);
    expect(sessionParams({ project: 'demo', session: SESSION })).toEqual({ projectId: 'demo', sessionId: SESSION });
  });

  it.each([undefined, '', 'Demo', '-demo', '../demo', "x' OR 1=1 --", 'a'.repeat(65)])('refuse the project %j with 400', (project) => {
    expect(refusal(() => projectParam(project))).toBe('400 bad_request: project must be a project id');
  });

  it.each([undefined, '', SESSION.toUpperCase(), '019a0000-0000-4000-8000-000000000000', `${SESSION}/..`])('refuse the session %j with 400', (session) => {
    expect(refusal(() => sessionIdParam(session))).toBe('400 bad_request: session must be a UUIDv7');
  });

  it('name the session first when both are bad', () => {
    expect(refusal(() => sessionParams({ project: '..', session: '..' }))).toMatch(/session must be a UUIDv7/);
    expect(refusal(() => sessionParams({ project: '..', session: SESSION }))).toMatch(/project must be a project id/);
  });
});
