import type { SessionFilter } from '../../../wire/filters.ts';
import { deleteView, loadViews, saveView, type SavedView } from './saved-views.ts';

/** The saved views of the project on screen, kept in step with localStorage. */
export class SavedViewsState {
  views = $state.raw<SavedView[]>([]);
  error = $state<string | null>(null);
  #projectId: string | null = null;

  show(projectId: string): void {
    this.#projectId = projectId;
    this.views = loadViews(localStorage, projectId);
  }

  save(name: string, filter: SessionFilter): boolean {
    if (this.#projectId === null) return false;
    try {
      this.views = saveView(localStorage, this.#projectId, name, filter);
      this.error = null;
      return true;
    } catch (error) {
      // No name, or storage full or switched off (private windows in some browsers).
      this.error = error instanceof Error ? error.message : 'could not save the view';
      return false;
    }
  }

  remove(name: string): void {
    if (this.#projectId !== null) this.views = deleteView(localStorage, this.#projectId, name);
  }
}
