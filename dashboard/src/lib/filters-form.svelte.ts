import type { SessionFilter } from '../../../wire/filters.ts';
import { draftFromFilter, emptyDraft, filterFromDraft, type FilterDraft } from './filters.ts';

/** The filter bar's inputs: a draft of the filter in the URL, applied on submit. */
export class FilterForm {
  draft = $state<FilterDraft>(emptyDraft());
  error = $state<string | null>(null);

  /** Shows the filter the list is using (after navigation, a saved view, a reload). */
  load(filter: SessionFilter): void {
    this.draft = draftFromFilter(filter);
    this.error = null;
  }

  addProperty(): void {
    this.draft.properties.push({ key: '', negate: false, value: '' });
  }

  removeProperty(index: number): void {
    this.draft.properties.splice(index, 1);
  }

  /** The filter to apply, or null with `error` set. */
  submit(sort: SessionFilter['sort']): SessionFilter | null {
    const result = filterFromDraft($state.snapshot(this.draft), sort);
    this.error = result.ok ? null : result.message;
    return result.ok ? result.filter : null;
  }
}
