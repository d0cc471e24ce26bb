/**
 * Session-list filters: one shape for the dashboard's URL and the API's query string, so a view
 * can be shared as a link and the API validates exactly what the dashboard writes.
 *
 *   from, to              started between (epoch ms, inclusive from, exclusive to)
 *   range                 24h | 7d | 30d: started within this long before now (a link keeps meaning "lately")
 *   user                  user id, exact
 *   prop                  repeatable: `key=value` (has it) or `key!=value` (does not); `%`, `=`, `!` in the key as %25, %3D, %21
 *   visited, not_visited  a visited URL contains this text / no visited URL does
 *   clicked               a clicked element's selector or text contains this
 *   errors=1              had at least one error; `error` an error message contains this
 *   rage=1, dead=1        had rage / dead clicks
 *   min_duration, max_duration, min_active, max_active     ms
 *   browser, os, device, country                           exact
 *   entry, referrer       entry URL / referrer contains this
 *   sort                  time (default) | duration | activity | errors, always newest first on ties
 */

export const SORTS = ['time', 'duration', 'activity', 'errors'] as const;
export type SessionSort = (typeof SORTS)[number];

/** Relative date ranges, in ms. */
export const DATE_RANGES = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
export type DateRange = keyof typeof DATE_RANGES;

export const DEVICES = ['desktop', 'mobile', 'tablet'] as const;
export type Device = (typeof DEVICES)[number];

export interface PropertyCondition {
  key: string;
  value: string;
  negate: boolean;
}

export interface SessionFilter {
  from: number | null;
  to: number | null;
  range: DateRange | null;
  userId: string | null;
  properties: PropertyCondition[];
  visited: string | null;
  notVisited: string | null;
  clicked: string | null;
  hasErrors: boolean;
  errorMessage: string | null;
  rageClicks: boolean;
  deadClicks: boolean;
  minDurationMs: number | null;
  maxDurationMs: number | null;
  minActiveMs: number | null;
  maxActiveMs: number | null;
  browser: string | null;
  os: string | null;
  device: Device | null;
  country: string | null;
  entryUrl: string | null;
  referrer: string | null;
  sort: SessionSort;
}

export const EMPTY_FILTER: SessionFilter = {
  from: null,
  to: null,
  range: null,
  userId: null,
  properties: [],
  visited: null,
  notVisited: null,
  clicked: null,
  hasErrors: false,
  errorMessage: null,
  rageClicks: false,
  deadClicks: false,
  minDurationMs: null,
  maxDurationMs: null,
  minActiveMs: null,
  maxActiveMs: null,
  browser: null,
  os: null,
  device: null,
  country: null,
  entryUrl: null,
  referrer: null,
  sort: 'time',
};

/** Text filters longer than this are refused: they could only come from a crafted URL. */
export const MAX_FILTER_TEXT = 500;
export const MAX_PROPERTY_CONDITIONS = 10;

const TEXT_PARAMS = {
  userId: 'user',
  visited: 'visited',
  notVisited: 'not_visited',
  clicked: 'clicked',
  errorMessage: 'error',
  browser: 'browser',
  os: 'os',
  country: 'country',
  entryUrl: 'entry',
  referrer: 'referrer',
} as const satisfies Partial<Record<keyof SessionFilter, string>>;

const NUMBER_PARAMS = {
  from: 'from',
  to: 'to',
  minDurationMs: 'min_duration',
  maxDurationMs: 'max_duration',
  minActiveMs: 'min_active',
  maxActiveMs: 'max_active',
} as const satisfies Partial<Record<keyof SessionFilter, string>>;

const FLAG_PARAMS = { hasErrors: 'errors', rageClicks: 'rage', deadClicks: 'dead' } as const satisfies Partial<
  Record<keyof SessionFilter, string>
>;

export type FilterResult = { ok: true; filter: SessionFilter } | { ok: false; message: string };

/** Reads filters from a query string. Unknown parameters are left alone (project, status, cursor…). */
export function parseFilter(query: URLSearchParams): FilterResult {
  const filter: SessionFilter = { ...EMPTY_FILTER, properties: [] };
  for (const [field, param] of Object.entries(TEXT_PARAMS) as [keyof typeof TEXT_PARAMS, string][]) {
    const value = query.get(param)?.trim();
    if (!value) continue;
    if (value.length > MAX_FILTER_TEXT) return { ok: false, message: `${param} is longer than ${MAX_FILTER_TEXT} characters` };
    filter[field] = value;
  }
  for (const [field, param] of Object.entries(NUMBER_PARAMS) as [keyof typeof NUMBER_PARAMS, string][]) {
    const value = query.get(param);
    if (value === null || value === '') continue;
    if (!/^\d{1,15}$/.test(value)) return { ok: false, message: `${param} must be a whole number of milliseconds` };
    filter[field] = Number(value);
  }
  for (const [field, param] of Object.entries(FLAG_PARAMS) as [keyof typeof FLAG_PARAMS, string][]) {
    const value = query.get(param);
    if (value === null || value === '' || value === '0') continue;
    if (value !== '1') return { ok: false, message: `${param} must be 1 or 0` };
    filter[field] = true;
  }
  const device = query.get('device');
  if (device) {
    if (!(DEVICES as readonly string[]).includes(device)) return { ok: false, message: `device must be one of ${DEVICES.join(', ')}` };
    filter.device = device as Device;
  }
  const range = query.get('range');
  if (range) {
    if (!Object.hasOwn(DATE_RANGES, range)) return { ok: false, message: `range must be one of ${Object.keys(DATE_RANGES).join(', ')}` };
    filter.range = range as DateRange;
  }
  const sort = query.get('sort');
  if (sort) {
    if (!(SORTS as readonly string[]).includes(sort)) return { ok: false, message: `sort must be one of ${SORTS.join(', ')}` };
    filter.sort = sort as SessionSort;
  }
  if (filter.from !== null && filter.to !== null && filter.from >= filter.to) return { ok: false, message: 'from must be before to' };
  for (const [min, max, name] of [[filter.minDurationMs, filter.maxDurationMs, 'duration'], [filter.minActiveMs, filter.maxActiveMs, 'active']] as const) {
    if (min !== null && max !== null && min > max) return { ok: false, message: `min_${name} must not be above max_${name}` };
  }
  const props = query.getAll('prop');
  if (props.length > MAX_PROPERTY_CONDITIONS) return { ok: false, message: `at most ${MAX_PROPERTY_CONDITIONS} prop conditions` };
  for (const raw of props) {
    const condition = parsePropertyCondition(raw);
    if (!condition) return { ok: false, message: 'prop must be key=value or key!=value' };
    filter.properties.push(condition);
  }
  return { ok: true, filter };
}

function parsePropertyCondition(raw: string): PropertyCondition | null {
  if (raw.length > MAX_FILTER_TEXT) return null;
  // The key is written escaped (see escapeKey), so its first raw `=` ends it and a `!` before that negates.
  const at = raw.indexOf('=');
  if (at <= 0) return null;
  const negate = raw[at - 1] === '!';
  const key = unescapeKey(raw.slice(0, negate ? at - 1 : at)).trim();
  return key === '' ? null : { key, value: raw.slice(at + 1), negate };
}

/**
 * A property key in a `prop` condition: `%`, `=` and `!` are percent-escaped, so a key holding
 * `=` or ending with `!` cannot be read as the condition's operator. Other keys are written as
 * they are, so links made before keys were escaped keep their meaning.
 */
const escapeKey = (key: string): string => key.replace(/[%=!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const unescapeKey = (key: string): string => key.replace(/%(25|3D|21)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** Writes filters as query parameters; parseFilter(filterQuery(f)) gives f back. Defaults are left out. */
export function filterQuery(filter: SessionFilter): URLSearchParams {
  const query = new URLSearchParams();
  for (const [field, param] of Object.entries(NUMBER_PARAMS) as [keyof typeof NUMBER_PARAMS, string][]) {
    if (filter[field] !== null) query.set(param, String(filter[field]));
  }
  for (const [field, param] of Object.entries(TEXT_PARAMS) as [keyof typeof TEXT_PARAMS, string][]) {
    if (filter[field] !== null) query.set(param, filter[field]!);
  }
  for (const [field, param] of Object.entries(FLAG_PARAMS) as [keyof typeof FLAG_PARAMS, string][]) {
    if (filter[field]) query.set(param, '1');
  }
  if (filter.range !== null) query.set('range', filter.range);
  if (filter.device !== null) query.set('device', filter.device);
  for (const { key, value, negate } of filter.properties) query.append('prop', `${escapeKey(key)}${negate ? '!=' : '='}${value}`);
  if (filter.sort !== 'time') query.set('sort', filter.sort);
  return query;
}

/** True when no filter narrows the list (sorting does not count). */
export function isEmptyFilter(filter: SessionFilter): boolean {
  return filterQuery({ ...filter, sort: 'time' }).size === 0;
}
