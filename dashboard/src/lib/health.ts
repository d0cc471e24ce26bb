import { HEALTH_STATS_PATH, type HealthCounts, type HealthResponse } from '../../../wire/health.ts';
import { getJson } from './api.ts';

/** The windows the health page offers, in hours. */
export const HEALTH_WINDOWS = [1, 24, 168] as const;

export function fetchHealth(hours: number, signal?: AbortSignal): Promise<HealthResponse> {
  return getJson<HealthResponse>(`${HEALTH_STATS_PATH}?${new URLSearchParams({ hours: String(hours) })}`, signal);
}

export const windowLabel = (hours: number) => (hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} hour${hours === 1 ? '' : 's'}`);

/** Refused batches, most frequent code first (ties by code), and their total. */
export function rejections(counts: HealthCounts): { total: number; byCode: Array<{ code: string; count: number }> } {
  const byCode = Object.entries(counts.batchesRejected)
    .map(([code, count]) => ({ code, count }))
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
  return { total: byCode.reduce((n, r) => n + r.count, 0), byCode };
}

/** Share of ingest requests refused, as a percentage with one decimal; null with no requests. */
export function rejectedPercent(counts: HealthCounts): string | null {
  const { total } = rejections(counts);
  const all = total + counts.batchesAccepted;
  return all === 0 ? null : `${((total / all) * 100).toFixed(1)}%`;
}

/** A lag in ms as people read it: "—" when there were no messages, else ms, s or min. */
export function formatLag(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}
