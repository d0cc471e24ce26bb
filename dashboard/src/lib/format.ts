const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const pad = (n: number) => String(n).padStart(2, '0');

/** Player clock: `m:ss`, or `h:mm:ss` past an hour. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / SECOND_MS));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** Compact length for tables: `42s`, `3m 05s`, `1h 02m`. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / SECOND_MS));
  if (total < 60) return `${total}s`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}h ${pad(m)}m` : `${m}m ${pad(s)}s`;
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** `just now`, `5 minutes ago`, `yesterday`, … ; falls back to a date after a month. */
export function formatRelative(timestamp: number, now: number): string {
  const diff = timestamp - now;
  const abs = Math.abs(diff);
  if (abs < 45 * SECOND_MS) return 'just now';
  if (abs < HOUR_MS) return relative.format(Math.round(diff / MINUTE_MS), 'minute');
  if (abs < DAY_MS) return relative.format(Math.round(diff / HOUR_MS), 'hour');
  if (abs < 30 * DAY_MS) return relative.format(Math.round(diff / DAY_MS), 'day');
  return new Date(timestamp).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatAbsolute(timestamp: number): string {
  return new Date(timestamp).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

export function formatBrowserOs(browser: string | null, os: string | null): string {
  const parts = [browser, os].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(' / ') : '—';
}

let regionNames: Intl.DisplayNames | null | undefined;

/** Full country name for an ISO 3166 code, or the code itself when unknown. */
export function countryName(code: string | null): string {
  if (!code) return '—';
  regionNames ??= typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'region' }) : null;
  try {
    return regionNames?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** Host + path of a URL for narrow cells; the full URL goes in a title. */
export function shortUrl(url: string | null): string {
  if (!url) return '—';
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}
