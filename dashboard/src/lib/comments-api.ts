import type { CommentListResponse, NewComment, SessionComment } from '../../../wire/comments.ts';
import { ApiError, errorFromResponse, getJson } from './api.ts';

const commentsPath = (projectId: string, sessionId: string) => `/api/sessions/${encodeURIComponent(projectId)}/${encodeURIComponent(sessionId)}/comments`;

export async function fetchComments(projectId: string, sessionId: string, signal?: AbortSignal): Promise<SessionComment[]> {
  return (await getJson<CommentListResponse>(commentsPath(projectId, sessionId), signal)).comments;
}

export async function createComment(projectId: string, sessionId: string, comment: NewComment): Promise<SessionComment> {
  const response = await send(commentsPath(projectId, sessionId), { method: 'POST', body: JSON.stringify(comment), headers: { 'content-type': 'application/json' } });
  return (await response.json()) as SessionComment;
}

export async function deleteComment(projectId: string, sessionId: string, id: string): Promise<void> {
  await send(`${commentsPath(projectId, sessionId)}/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

async function send(path: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { accept: 'application/json', ...init.headers } });
  } catch {
    throw new ApiError('Could not reach the API. Check your connection and try again.', 0, 'network');
  }
  if (!response.ok) throw await errorFromResponse(response);
  return response;
}
