import type { SessionListResponse } from '../../../../wire/index.ts';
import { getJson } from '../api.ts';

/** The newest sessions still recording in a project (one page is plenty to pick one to watch). */
export function fetchLiveSessions(projectId: string, signal?: AbortSignal): Promise<SessionListResponse> {
  return getJson<SessionListResponse>(`/api/sessions?${new URLSearchParams({ project: projectId, status: 'live' })}`, signal);
}
