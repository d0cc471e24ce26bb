import type { ProjectInfo, SessionListItem, SessionListResponse } from '../../../wire/index.ts';
import { EMPTY_FILTER, filterQuery, type SessionFilter } from '../../../wire/filters.ts';
import { describeError, fetchProjects, getJson, isAbort } from './api.ts';

/** One page of a project's sessions that match `filter`, after `cursor`. */
export function fetchSessionPage(projectId: string, filter: SessionFilter, cursor: string | null, signal?: AbortSignal): Promise<SessionListResponse> {
  const query = new URLSearchParams({ project: projectId });
  for (const [name, value] of filterQuery(filter)) query.append(name, value);
  if (cursor !== null) query.set('cursor', cursor);
  return getJson<SessionListResponse>(`/api/sessions?${query}`, signal);
}

/** Projects plus the paged, filtered and sorted session list of the selected project. */
export class SessionsState {
  projects = $state.raw<ProjectInfo[] | null>(null);
  projectsError = $state<string | null>(null);

  projectId = $state<string | null>(null);
  filter = $state.raw<SessionFilter>(EMPTY_FILTER);
  sessions = $state.raw<SessionListItem[]>([]);
  nextCursor = $state<string | null>(null);
  /** A first page (or a refresh) is in flight. */
  loading = $state(false);
  loadingMore = $state(false);
  /** True once the first page of the current project has arrived. */
  loaded = $state(false);
  error = $state<string | null>(null);
  /** When the list was last fetched; relative times are computed against it. */
  fetchedAt = $state(Date.now());

  project = $derived(this.projects?.find((p) => p.id === this.projectId) ?? null);
  isEmpty = $derived(this.loaded && this.error === null && this.sessions.length === 0);

  #pageRequest: AbortController | null = null;

  async loadProjects(): Promise<void> {
    this.projectsError = null;
    try {
      this.projects = await fetchProjects();
    } catch (error) {
      this.projectsError = describeError(error);
    }
  }

  /** Shows a project's sessions that match a filter; a no-op when they are already shown. */
  select(projectId: string, filter: SessionFilter): void {
    const same = projectId === this.projectId && filterQuery(filter).toString() === filterQuery(this.filter).toString();
    if (same && (this.loaded || this.loading)) return;
    this.projectId = projectId;
    this.filter = filter;
    this.sessions = [];
    this.nextCursor = null;
    this.loaded = false;
    void this.#fetchPage(false);
  }

  refresh(): Promise<void> {
    return this.#fetchPage(false);
  }

  loadMore(): Promise<void> {
    if (this.nextCursor === null || this.loadingMore || this.loading) return Promise.resolve();
    return this.#fetchPage(true);
  }

  async #fetchPage(append: boolean): Promise<void> {
    const projectId = this.projectId;
    if (projectId === null) return;
    // A newer request (another project, a refresh) wins; the older one is dropped.
    this.#pageRequest?.abort();
    const request = new AbortController();
    this.#pageRequest = request;

    if (append) this.loadingMore = true;
    else this.loading = true;
    this.error = null;
    try {
      const page = await fetchSessionPage(projectId, this.filter, append ? this.nextCursor : null, request.signal);
      if (request.signal.aborted) return;
      this.sessions = append ? [...this.sessions, ...dedupe(this.sessions, page.sessions)] : page.sessions;
      this.nextCursor = page.nextCursor;
      this.loaded = true;
      this.fetchedAt = Date.now();
    } catch (error) {
      if (isAbort(error) || request.signal.aborted) return;
      this.error = describeError(error);
    } finally {
      if (this.#pageRequest === request) {
        this.loading = false;
        this.loadingMore = false;
        this.#pageRequest = null;
      }
    }
  }

  dispose(): void {
    this.#pageRequest?.abort();
  }
}

/** A session can move pages while we read (new ones arrive on top); never show it twice. */
function dedupe(existing: SessionListItem[], incoming: SessionListItem[]): SessionListItem[] {
  const seen = new Set(existing.map((s) => s.sessionId));
  return incoming.filter((s) => !seen.has(s.sessionId));
}
