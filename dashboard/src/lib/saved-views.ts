/**
 * Saved views: a name and a filter, kept per project in this browser's localStorage (a D1 table
 * would share them across a team; until then they stay on one machine). A view stores the filter
 * as its query string, so a view saved today still loads after the filter shape grows.
 */
import { filterQuery, parseFilter, type SessionFilter } from '../../../wire/filters.ts';

export interface SavedView {
  name: string;
  /** filterQuery() of the view's filter. */
  query: string;
}

export const MAX_VIEW_NAME = 80;

const storageKey = (projectId: string) => `edge-replay:saved-views:${projectId}`;

/** A project's views, oldest first; anything unreadable in storage is skipped. */
export function loadViews(storage: Storage, projectId: string): SavedView[] {
  let stored: unknown;
  try {
    stored = JSON.parse(storage.getItem(storageKey(projectId)) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(stored)) return [];
  return stored.filter(
    (v): v is SavedView => typeof v === 'object' && v !== null && typeof v.name === 'string' && typeof v.query === 'string' && viewFilter(v) !== null,
  );
}

/** Saves `filter` as `name`, replacing a view of the same name; returns the project's views. */
export function saveView(storage: Storage, projectId: string, name: string, filter: SessionFilter): SavedView[] {
  const view = { name: name.trim().slice(0, MAX_VIEW_NAME), query: filterQuery(filter).toString() };
  if (view.name === '') throw new Error('a saved view needs a name');
  const views = [...loadViews(storage, projectId).filter((v) => v.name !== view.name), view];
  storage.setItem(storageKey(projectId), JSON.stringify(views));
  return views;
}

export function deleteView(storage: Storage, projectId: string, name: string): SavedView[] {
  const views = loadViews(storage, projectId).filter((v) => v.name !== name);
  storage.setItem(storageKey(projectId), JSON.stringify(views));
  return views;
}

/** The filter a view stands for; null when it no longer parses. */
export function viewFilter(view: SavedView): SessionFilter | null {
  const parsed = parseFilter(new URLSearchParams(view.query));
  return parsed.ok ? parsed.filter : null;
}
