import type {
  ErrorBody,
  ProjectInfo,
  SessionDetailResponse,
  SessionLocation,
} from '../../../wire/index.ts';

/** A failed API call, with the server's error code when it sent one. */
export class ApiError extends Error {
  constructor(
    message: string,
    /** HTTP status, or 0 when the request never got an answer. */
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const error = (value as { error?: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

/** Turns a non-2xx response into an ApiError, reading the `{ error: { code, message } }` body when present. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy page, an empty body): fall back to the status line.
  }
  if (isErrorBody(body)) return new ApiError(body.error.message, response.status, body.error.code);
  const code = response.status === 404 ? 'not_found' : 'http_error';
  return new ApiError(`The server answered ${response.status} ${response.statusText}`.trim(), response.status, code);
}

let unauthorized: () => void = () => {};

/** Called whenever the API answers 401: the sign-in expired or was revoked (see auth.svelte.ts). */
export function onUnauthorized(handler: () => void): void {
  unauthorized = handler;
}

/** fetch() that turns network failures and non-2xx answers into ApiError; aborts pass through untouched. */
export async function apiFetch(path: string, signal?: AbortSignal, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, signal, headers: { accept: 'application/json', ...init.headers } });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError('Could not reach the API. Check your connection and try again.', 0, 'network');
  }
  if (response.status === 401) {
    forgetProjects();
    unauthorized();
  }
  if (!response.ok) throw await errorFromResponse(response);
  return response;
}

/** A JSON body sent with `method`; the answer as apiFetch gives it. */
export function sendJson(path: string, method: string, body: unknown): Promise<Response> {
  return apiFetch(path, undefined, { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await apiFetch(path, signal);
  try {
    return (await response.json()) as T;
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError('The API sent a response that is not valid JSON.', response.status, 'invalid_json');
  }
}

const segment = encodeURIComponent;

let projects: Promise<ProjectInfo[]> | null = null;

/**
 * The projects the signed-in principal may see. They change only with who is signed in, so
 * every page shares one request per load; forgetProjects() makes the next call ask again.
 */
export function fetchProjects(): Promise<ProjectInfo[]> {
  if (projects === null) {
    const request = getJson<{ projects: ProjectInfo[] }>('/api/projects').then((body) => body.projects);
    // A failed request is not kept: the next page asks again.
    request.catch(() => projects === request && forgetProjects());
    projects = request;
  }
  return projects;
}

/** After a sign-in, a sign-out or a change to the projects. */
export function forgetProjects(): void {
  projects = null;
}

export function fetchSession(projectId: string, sessionId: string, signal?: AbortSignal): Promise<SessionDetailResponse> {
  return getJson<SessionDetailResponse>(`/api/sessions/${segment(projectId)}/${segment(sessionId)}`, signal);
}

export function findSession(sessionId: string, signal?: AbortSignal): Promise<SessionLocation> {
  return getJson<SessionLocation>(`/api/find-session/${segment(sessionId)}`, signal);
}

export function segmentUrl(projectId: string, sessionId: string, index: number): string {
  return `/api/sessions/${segment(projectId)}/${segment(sessionId)}/segments/${index}`;
}

/** A readable sentence for any error thrown while loading. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
