/**
 * What to do after a send attempt. Pure: the caller passes the clock and the random source.
 */
import {
  MAX_RETRY_AFTER_MS,
  MAX_SEND_ATTEMPTS,
  RETRY_INITIAL_DELAY_MS,
  RETRY_JITTER_RATIO,
  RETRY_MAX_DELAY_MS,
} from '../constants.ts';

export type SendDecision =
  /** 2xx: stored (or already stored). */
  | { kind: 'done' }
  /** Network error, 5xx, 408 or 429: send the same bytes again after delayMs. */
  | { kind: 'retry'; delayMs: number }
  /** Give up on this batch only, keep sending the next ones. */
  | { kind: 'drop'; reason: 'attempts_exhausted' | 'payload_too_large' }
  /** The server refuses this client (unknown key, origin not allowed, bad request): stop for good. */
  | { kind: 'stop'; status: number };

export interface AttemptResult {
  /** HTTP status, or null when the request failed without a response (network error, CORS). */
  status: number | null;
  /** Raw Retry-After header, when the response had one and CORS exposed it. */
  retryAfter: string | null;
  /** Attempts made for this batch so far, including the one that just finished (1 after the first). */
  attempts: number;
}

/**
 * Backoff before the next attempt, after `attempts` failed ones: 1 s, 2 s, 4 s … capped at 30 s,
 * each shortened by up to 25 % at random so many clients do not retry in lockstep.
 * The result lies in [base · (1 − RETRY_JITTER_RATIO), base] and never exceeds RETRY_MAX_DELAY_MS.
 */
export function retryDelayMs(attempts: number, random: () => number): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  const base = Math.min(RETRY_MAX_DELAY_MS, RETRY_INITIAL_DELAY_MS * 2 ** exponent);
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(base * (1 - RETRY_JITTER_RATIO * r));
}

/**
 * Retry-After as ms from `now`: delta-seconds or an HTTP-date. Null when absent or unparsable.
 * Clamped to [0, MAX_RETRY_AFTER_MS].
 */
export function parseRetryAfterMs(value: string | null, now: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (text === '') return null;
  let ms: number;
  if (/^\d+$/.test(text)) {
    ms = Number(text) * 1000;
  } else {
    // HTTP-dates always name a weekday or month; this keeps Date.parse from reading '-5' as a year.
    if (!/[a-z]/i.test(text)) return null;
    const at = Date.parse(text);
    if (Number.isNaN(at)) return null;
    ms = at - now;
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

export function decideAfterAttempt(result: AttemptResult, now: number, random: () => number): SendDecision {
  const { status } = result;
  if (status !== null && status >= 200 && status < 300) return { kind: 'done' };
  if (status === 413) return { kind: 'drop', reason: 'payload_too_large' };
  if (status !== null && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return { kind: 'stop', status };
  }
  // Network error, 5xx, 408, 429 (and oddities like 3xx): retryable.
  if (result.attempts >= MAX_SEND_ATTEMPTS) return { kind: 'drop', reason: 'attempts_exhausted' };
  if (status === 429) {
    const retryAfterMs = parseRetryAfterMs(result.retryAfter, now);
    if (retryAfterMs !== null) return { kind: 'retry', delayMs: retryAfterMs };
  }
  return { kind: 'retry', delayMs: retryDelayMs(result.attempts, random) };
}
