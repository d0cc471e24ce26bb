import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER } from '../../../wire/filters.ts';
import { deleteView, loadViews, saveView, viewFilter } from './saved-views.ts';

/** The Web Storage interface over a Map, as localStorage behaves in one tab. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

describe('saved views', () => {
  it('saves per project, replaces a view of the same name, deletes, and restores the filter', () => {
    const storage = memoryStorage();
    const errors = { ...EMPTY_FILTER, hasErrors: true, sort: 'errors' as const };
    saveView(storage, 'shop', 'Errors', errors);
    saveView(storage, 'shop', 'Mobile', { ...EMPTY_FILTER, device: 'mobile' });
    saveView(storage, 'blog', 'Mine', { ...EMPTY_FILTER, userId: 'me' });
    const views = saveView(storage, 'shop', ' Errors ', { ...errors, rageClicks: true });
    expect(views.map((v) => v.name)).toEqual(['Mobile', 'Errors']);
    expect(viewFilter(loadViews(storage, 'shop')[1]!)).toEqual({ ...errors, rageClicks: true });
    expect(loadViews(storage, 'blog').map((v) => v.name)).toEqual(['Mine']);
    expect(deleteView(storage, 'shop', 'Mobile').map((v) => v.name)).toEqual(['Errors']);
  });

  it('refuses an empty name and skips what it cannot read', () => {
    const storage = memoryStorage();
    expect(() => saveView(storage, 'shop', '  ', EMPTY_FILTER)).toThrow(/name/);
    storage.setItem('edge-replay:saved-views:shop', JSON.stringify([{ name: 'ok', query: 'rage=1' }, { name: 'bad', query: 'sort=random' }, 42, null]));
    expect(loadViews(storage, 'shop')).toEqual([{ name: 'ok', query: 'rage=1' }]);
    storage.setItem('edge-replay:saved-views:shop', '{not json');
    expect(loadViews(storage, 'shop')).toEqual([]);
  });
});
