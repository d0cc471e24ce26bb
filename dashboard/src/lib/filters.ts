/**
 * The filter bar's form: what the inputs hold (text, dates, minutes) and the SessionFilter of
 * wire/filters.ts they stand for. The form goes through the same query parameters and parser as
 * the URL and the API, so it accepts exactly what they accept and says why it refuses.
 */
import { DATE_RANGES, EMPTY_FILTER, filterQuery, isEmptyFilter, parseFilter, type DateRange, type Device, type FilterResult, type SessionFilter } from '../../../wire/filters.ts';

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
  const dates: Pick<SessionFilter, 'from' | 'to'> = { from: null, to: null };
  if (draft.range === 'custom') {
    for (const [name, text, shift] of [['from', draft.fromDate, 0], ['to', draft.toDate, DAY_MS]] as const) {
      if (text === '') continue;
      const day = parseDateInput(text);
      if (day === null) return { ok: false, message: `${name} must be a date` };
      // Whole days: "to" includes its day, so the bound is the next midnight.
      dates[name] = day + shift;
    }
  }
  const minuteInputs = [
    [draft.minDuration, 'min duration'],
    [draft.maxDuration, 'max duration'],
    [draft.minActive, 'min active'],
    [draft.maxActive, 'max active'],
  ] as const;
  for (const [text, label] of minuteInputs) {
    const value = Number(text);
    if (text.trim() !== '' && !(Number.isFinite(value) && value >= 0)) return { ok: false, message: `${label} must be a number of minutes` };
  }
  const ms = (minutes: string) => (minutes.trim() === '' ? null : Math.round(Number(minutes) * MINUTE_MS));
  const trimmed = (value: string) => value.trim() || null;
  const filter: SessionFilter = {
    ...dates,
    range: draft.range === 'all' || draft.range === 'custom' ? null : draft.range,
    userId: trimmed(draft.userId),
    properties: draft.properties.filter((p) => p.key.trim() !== '').map(({ key, negate, value }) => ({ key: key.trim(), value, negate })),
    visited: trimmed(draft.visited),
    notVisited: trimmed(draft.notVisited),
    clicked: trimmed(draft.clicked),
    hasErrors: draft.hasErrors,
    errorMessage: trimmed(draft.errorMessage),
    rageClicks: draft.rageClicks,
    deadClicks: draft.deadClicks,
    minDurationMs: ms(draft.minDuration),
    maxDurationMs: ms(draft.maxDuration),
    minActiveMs: ms(draft.minActive),
    maxActiveMs: ms(draft.maxActive),
    browser: trimmed(draft.browser),
    os: trimmed(draft.os),
    device: draft.device || null,
    country: trimmed(draft.country.toUpperCase()),
    entryUrl: trimmed(draft.entryUrl),
    referrer: trimmed(draft.referrer),
    sort,
  };
  // Through the query string, so the form refuses exactly what a link or the API would refuse.
  return parseFilter(filterQuery(filter));
}

/** Whether a filter uses any input beyond the bar's first row (so the bar opens them). */
export function setsMoreFilters(filter: SessionFilter): boolean {
  const { from, to, range, userId, visited, hasErrors, sort, ...more } = filter;
  return !isEmptyFilter({ ...EMPTY_FILTER, ...more });
}
