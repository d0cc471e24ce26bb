import type { CommentListResponse, NewComment, SessionComment } from '../../../wire/comments.ts';
import { apiFetch, getJson, sendJson } from './api.ts';

const commentsPath = (projectId: string, sessionId: string) => `/api/sessions/${encodeURIComponent(projectId)}/${encodeURIComponent(sessionId)}/comments`;

export async function fetchComments(projectId: string, sessionId: string, signal?: AbortSignal): Promise<SessionComment[]> {
  return (await getJson<CommentListResponse>(commentsPath(projectId, sessionId), signal)).comments;
}

export async function createComment(projectId: string, sessionId: string, comment: NewComment): Promise<SessionComment> {
  const response = await sendJson(commentsPath(projectId, sessionId), 'POST', comment);
  return (await response.json()) as SessionComment;
}

export async function deleteComment(projectId: string, sessionId: string, id: string): Promise<void> {
  await apiFetch(`${commentsPath(projectId, sessionId)}/${encodeURIComponent(id)}`, undefined, { method: 'DELETE' });
}
