import type { SessionListResponse } from '../../../../wire/index.ts';
import { apiFetch, ApiError } from '../api.ts';

/** The newest sessions still recording in a project (one page is plenty to pick one to watch). */
export async function fetchLiveSessions(projectId: string, signal?: AbortSignal): Promise<SessionListResponse> {
  const response = await apiFetch(`/api/sessions?${new URLSearchParams({ project: projectId, status: 'live' })}`, signal);
  try {
    return (await response.json()) as SessionListResponse;
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError('The API sent a response that is not valid JSON.', response.status, 'invalid_json');
  }
}
