/**
 * Clicked elements and error messages as text columns of the session row, which the search
 * matches with LIKE '%…%' as it walks a project's sessions (workers/db/search.ts). One column per
 * list instead of a child row per value: D1 bills rows written, and a column costs none. The walk
 * reads them from indexes that carry them (migrations/0015: the list index, the errors index),
 * entries the ended row writes anyway, so text that matches nothing costs index entries, not rows.
 *
 * Layout: entries separated by ENTRY_SEPARATOR, a click's selector and text by FIELD_SEPARATOR.
 * Control characters in values and in filter text become spaces, so a pattern never contains a
 * separator and a match can never span two entries, or a selector and its text.
 */

export const ENTRY_SEPARATOR = '\n';
export const FIELD_SEPARATOR = '\t';
/** Characters per column: the entry that would pass it and all after it are left out. */
export const MAX_SEARCH_TEXT_LENGTH = 4096;

const CONTROL = /[\u0000-\u001f\u007f]/g;

/** A value or a filter's text as the columns hold it: control characters as spaces. */
export function searchText(value: string): string {
  return value.replace(CONTROL, ' ');
}

function capped(entries: string[]): string {
  let text = '';
  for (const entry of entries) {
    const next = text === '' ? entry : `${text}${ENTRY_SEPARATOR}${entry}`;
    if (next.length > MAX_SEARCH_TEXT_LENGTH) break;
    text = next;
  }
  return text;
}

/** The click_targets column: `selector<TAB>text` per distinct target, first ones first. */
export function clickTargetsText(clicks: ReadonlyArray<{ selector: string; text: string }>): string {
  return capped(clicks.map((c) => `${searchText(c.selector)}${FIELD_SEPARATOR}${searchText(c.text)}`));
}

/** The error_messages column: one distinct message per entry, first ones first. */
export function errorMessagesText(errors: ReadonlyArray<{ message: string }>): string {
  return capped(errors.map((e) => searchText(e.message)));
}
