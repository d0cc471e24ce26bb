import type { ProjectInfo, SessionListItem } from '../../../../wire/index.ts';
import { describeError, fetchProjects, isAbort } from '../api.ts';
import { fetchLiveSessions } from './sessions.ts';

/** Sessions start and end all the time: the list refreshes itself this often while it is shown. */
const LIVE_LIST_REFRESH_MS = 5_000;

/** The projects, and the sessions of one of them that are recording now. */
export class LiveSessionsState {
  projects = $state.raw<ProjectInfo[] | null>(null);
  sessions = $state.raw<SessionListItem[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  fetchedAt = $state(Date.now());

  #projectId: string | null = null;
  #request: AbortController | null = null;
  #timer = 0;

  async loadProjects(): Promise<void> {
    try {
      this.projects = await fetchProjects();
    } catch (error) {
      this.error = describeError(error);
    }
  }

  /** Shows a project's live sessions and keeps them fresh. */
  watchProject(projectId: string): void {
    if (projectId === this.#projectId) return;
    this.#projectId = projectId;
    this.sessions = [];
    this.loaded = false;
    window.clearInterval(this.#timer);
    void this.refresh();
    this.#timer = window.setInterval(() => void this.refresh(), LIVE_LIST_REFRESH_MS);
  }

  async refresh(): Promise<void> {
    const projectId = this.#projectId;
    if (projectId === null) return;
    this.#request?.abort();
    const request = new AbortController();
    this.#request = request;
    try {
      const page = await fetchLiveSessions(projectId, request.signal);
      if (request.signal.aborted) return;
      this.sessions = page.sessions;
      this.error = null;
      this.loaded = true;
      this.fetchedAt = Date.now();
    } catch (error) {
      if (isAbort(error) || request.signal.aborted) return;
      this.error = describeError(error);
    }
  }

  dispose(): void {
    window.clearInterval(this.#timer);
    this.#request?.abort();
  }
}
