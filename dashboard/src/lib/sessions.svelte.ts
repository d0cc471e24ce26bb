import type { ProjectInfo, SessionListItem } from '../../../wire/index.ts';
import { describeError, fetchProjects, fetchSessions, isAbort } from './api.ts';

/** Projects plus the paged, newest-first session list of the selected project. */
export class SessionsState {
  projects = $state.raw<ProjectInfo[] | null>(null);
  projectsError = $state<string | null>(null);

  projectId = $state<string | null>(null);
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

  /** Shows a project's sessions; a no-op when it is already shown. */
  select(projectId: string): void {
    if (projectId === this.projectId && (this.loaded || this.loading)) return;
    this.projectId = projectId;
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
      const page = await fetchSessions(projectId, append ? this.nextCursor : null, request.signal);
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
