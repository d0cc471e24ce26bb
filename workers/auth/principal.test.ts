import { describe, expect, it } from 'vitest';
import { canCreateProject, canManageProject, canReadProject, canReadSession, visibleProjects, type Principal } from './principal.ts';

const admin: Principal = { kind: 'admin' };
const member: Principal = { kind: 'member', email: 'v@example.com', roles: new Map([['shop', 'viewer'], ['blog', 'owner']]) };
const share: Principal = { kind: 'share', projectId: 'shop', sessionId: 's1' };

describe('principal', () => {
  it('lets the admin do everything', () => {
    expect(canReadProject(admin, 'any')).toBe(true);
    expect(canManageProject(admin, 'any')).toBe(true);
    expect(canCreateProject(admin)).toBe(true);
    expect(visibleProjects(admin)).toBeNull();
  });

  it('scopes a member to their projects and roles', () => {
    expect(canReadProject(member, 'shop')).toBe(true);
    expect(canReadProject(member, 'other')).toBe(false);
    expect(canReadSession(member, 'other', 's1')).toBe(false);
    expect(canManageProject(member, 'shop')).toBe(false);
    expect(canManageProject(member, 'blog')).toBe(true);
    expect(canCreateProject(member)).toBe(false);
    expect([...visibleProjects(member)!].sort()).toEqual(['blog', 'shop']);
  });

  it('lets a share link read its one session and nothing else', () => {
    expect(canReadSession(share, 'shop', 's1')).toBe(true);
    expect(canReadSession(share, 'shop', 's2')).toBe(false);
    expect(canReadSession(share, 'blog', 's1')).toBe(false);
    expect(canReadProject(share, 'shop')).toBe(false);
    expect(canManageProject(share, 'shop')).toBe(false);
    expect(visibleProjects(share)!.size).toBe(0);
  });
});
