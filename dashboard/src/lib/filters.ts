/**
 * The filter bar's form: what the inputs hold (text, dates, minutes) and the SessionFilter of
 * wire/filters.ts they stand for. The form goes through the same query parameters and parser as
 * the URL and the API, so it accepts exactly what they accept and says why it refuses.
 */
import { DATE_RANGES, EMPTY_FILTER, parseFilter, type DateRange, type Device, type FilterResult, type SessionFilter } from '../../../wire/filters.ts';

export type RangeChoice = 'all' | DateRange | 'custom';

export const RANGE_CHOICES: Array<{ value: RangeChoice; label: string }> = [
  { value: 'all', label: 'All time' },
  ...(Object.keys(DATE_RANGES) as DateRange[]).map((value) => ({
    value,
    label: { '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days' }[value],
  })),
  { value: 'custom', label: 'Custom dates…' },
];

export interface PropertyDraft {
  key: string;
  negate: boolean;
  value: string;
}

/** Every input of the filter bar, as the inputs hold it. */
export interface FilterDraft {
  range: RangeChoice;
  /** yyyy-mm-dd in the viewer's time zone; both days included. */
  fromDate: string;
  toDate: string;
  userId: string;
  properties: PropertyDraft[];
  visited: string;
  notVisited: string;
  clicked: string;
  hasErrors: boolean;
  errorMessage: string;
  rageClicks: boolean;
  deadClicks: boolean;
  /** Minutes, decimals allowed. */
  minDuration: string;
  maxDuration: string;
  minActive: string;
  maxActive: string;
  browser: string;
  os: string;
  device: Device | '';
  country: string;
  entryUrl: string;
  referrer: string;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A local calendar day as yyyy-mm-dd. */
export function dateInputValue(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Local midnight at the start of a yyyy-mm-dd day; null for anything else. */
export function parseDateInput(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const date = new Date(year, month, day);
  return date.getFullYear() === year && date.getMonth() === month && date.getDate() === day ? date.getTime() : null;
}

function minutes(ms: number | null): string {
  return ms === null ? '' : String(Math.round((ms / MINUTE_MS) * 100) / 100);
}

export function draftFromFilter(filter: SessionFilter): FilterDraft {
  const custom = filter.from !== null || filter.to !== null;
  return {
    range: custom ? 'custom' : (filter.range ?? 'all'),
    fromDate: filter.from === null ? '' : dateInputValue(filter.from),
    // `to` is exclusive: the day before it is the last one shown.
    toDate: filter.to === null ? '' : dateInputValue(filter.to - 1),
    userId: filter.userId ?? '',
    properties: filter.properties.map(({ key, value, negate }) => ({ key, value, negate })),
    visited: filter.visited ?? '',
    notVisited: filter.notVisited ?? '',
    clicked: filter.clicked ?? '',
    hasErrors: filter.hasErrors,
    errorMessage: filter.errorMessage ?? '',
    rageClicks: filter.rageClicks,
    deadClicks: filter.deadClicks,
    minDuration: minutes(filter.minDurationMs),
    maxDuration: minutes(filter.maxDurationMs),
    minActive: minutes(filter.minActiveMs),
    maxActive: minutes(filter.maxActiveMs),
    browser: filter.browser ?? '',
    os: filter.os ?? '',
    device: filter.device ?? '',
    country: filter.country ?? '',
    entryUrl: filter.entryUrl ?? '',
    referrer: filter.referrer ?? '',
  };
}

export const emptyDraft = (): FilterDraft => draftFromFilter(EMPTY_FILTER);

/** The filter a filled-in form stands for, or the first thing wrong with it. */
export function filterFromDraft(draft: FilterDraft, sort: SessionFilter['sort']): FilterResult {
  const query = new URLSearchParams();
  const set = (name: string, value: string) => {
    if (value.trim() !== '') query.set(name, value.trim());
  };
  if (draft.range === 'custom') {
    for (const [name, text, shift] of [['from', draft.fromDate, 0], ['to', draft.toDate, DAY_MS]] as const) {
      if (text === '') continue;
      const day = parseDateInput(text);
      if (day === null) return { ok: false, message: `${name} must be a date` };
      // Whole days: "to" includes its day, so the bound is the next midnight.
      query.set(name, String(day + shift));
    }
  } else if (draft.range !== 'all') {
    query.set('range', draft.range);
  }
  set('user', draft.userId);
  for (const { key, negate, value } of draft.properties) {
    if (key.trim() === '') continue;
    query.append('prop', `${key.trim()}${negate ? '!=' : '='}${value}`);
  }
  set('visited', draft.visited);
  set('not_visited', draft.notVisited);
  set('clicked', draft.clicked);
  if (draft.hasErrors) query.set('errors', '1');
  set('error', draft.errorMessage);
  if (draft.rageClicks) query.set('rage', '1');
  if (draft.deadClicks) query.set('dead', '1');
  const durations = [
    ['min_duration', draft.minDuration],
    ['max_duration', draft.maxDuration],
    ['min_active', draft.minActive],
    ['max_active', draft.maxActive],
  ] as const;
  for (const [name, text] of durations) {
    if (text.trim() === '') continue;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) return { ok: false, message: `${name.replace('_', ' ')} must be a number of minutes` };
    query.set(name, String(Math.round(value * MINUTE_MS)));
  }
  set('browser', draft.browser);
  set('os', draft.os);
  set('device', draft.device);
  set('country', draft.country.toUpperCase());
  set('entry', draft.entryUrl);
  set('referrer', draft.referrer);
  if (sort !== 'time') query.set('sort', sort);
  return parseFilter(query);
}

/** How many conditions narrow the list (the sort is not one). */
export function activeFilterCount(filter: SessionFilter): number {
  let count = filter.properties.length;
  if (filter.from !== null || filter.to !== null || filter.range !== null) count++;
  if (filter.minDurationMs !== null || filter.maxDurationMs !== null) count++;
  if (filter.minActiveMs !== null || filter.maxActiveMs !== null) count++;
  const single = [filter.userId, filter.visited, filter.notVisited, filter.clicked, filter.errorMessage, filter.browser, filter.os, filter.device, filter.country, filter.entryUrl, filter.referrer];
  count += single.filter((v) => v !== null).length;
  count += [filter.hasErrors, filter.rageClicks, filter.deadClicks].filter(Boolean).length;
  return count;
}

/** Whether a filter uses any input beyond the bar's first row (so the bar opens them). */
export function setsMoreFilters(filter: SessionFilter): boolean {
  const { from, to, range, userId, visited, hasErrors, sort, ...more } = filter;
  return activeFilterCount({ ...EMPTY_FILTER, ...more }) > 0;
}
