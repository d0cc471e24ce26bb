import type { IngestBatch } from '../../wire/index.ts';
import { DEFAULT_CONFIG } from '../../durable-objects/session/config.ts';
import type { SessionQuota } from '../../durable-objects/quota/session-quota.ts';
import type { IngestProject } from '../db/projects.ts';
import { ApiError } from '../errors.ts';
import { nextUtcMidnight, previousUtcDay, secondsUntilNextUtcDay, sinceUtcMidnight, utcDay } from './utc-day.ts';

// Sessions this isolate has seen admitted: their later batches skip the quota object. A session
// lasts at most maxSessionMs, so an entry is never needed for longer.
const ADMITTED_TTL_MS = DEFAULT_CONFIG.maxSessionMs;
const MAX_REMEMBERED = 10_000;
const admittedUntil = new Map<string, number>();

/**
 * Refuses a batch of a session the project's daily quota has no room for (429 quota_exceeded,
 * Retry-After: until the next UTC day). A session once admitted is never refused later, on any
 * tab or isolate, also after midnight: the quota limits new sessions, it never cuts one in half.
 * A session today's counter does not know may have been admitted yesterday; that is asked only
 * in the first hours of the day, when such sessions can exist. Any batch may be such a session's,
 * a first one too: a tab opened after midnight starts at seq 0. Batches of a project without a
 * quota cost nothing here.
 */
export async function admitSession(
  quotas: DurableObjectNamespace<SessionQuota>,
  project: IngestProject,
  batch: Pick<IngestBatch, 'sessionId'>,
  now: number,
): Promise<void> {
  const quota = project.sessionQuotaPerDay;
  if (quota === null) return;
  const key = `${project.id}:${batch.sessionId}`;
  if ((admittedUntil.get(key) ?? 0) > now) return;

  const counter = (day: string) => quotas.getByName(`${project.id}:${day}`);
  const admitted =
    (sinceUtcMidnight(now) < DEFAULT_CONFIG.maxSessionMs && (await counter(previousUtcDay(now)).isAdmitted(batch.sessionId))) ||
    (await counter(utcDay(now)).admit(batch.sessionId, quota, now, nextUtcMidnight(now)));
  if (!admitted) {
    throw new ApiError(429, 'quota_exceeded', `this project has used its ${quota} new sessions for today (UTC)`, secondsUntilNextUtcDay(now));
  }
  if (admittedUntil.size >= MAX_REMEMBERED) admittedUntil.clear();
  admittedUntil.set(key, now + ADMITTED_TTL_MS);
}
