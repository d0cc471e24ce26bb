import type { MemberListResponse, ProjectMember, Role } from '../../../wire/auth.ts';
import { apiFetch, getJson, sendJson } from './api.ts';

const membersPath = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}/members`;

export async function fetchMembers(projectId: string, signal?: AbortSignal): Promise<ProjectMember[]> {
  return (await getJson<MemberListResponse>(membersPath(projectId), signal)).members;
}

export async function addMember(projectId: string, email: string, role: Role): Promise<void> {
  await sendJson(membersPath(projectId), 'POST', { email, role });
}

export async function removeMember(projectId: string, email: string): Promise<void> {
  await apiFetch(`${membersPath(projectId)}/${encodeURIComponent(email)}`, undefined, { method: 'DELETE' });
}
