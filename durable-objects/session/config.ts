/** Recorder settings, read from the Worker's vars (strings) with safe fallbacks. */
export interface RecorderConfig {
  /** A session ends after this much time with no batch, ms. */
  idleTimeoutMs: number;
  /** After a final batch, wait this long for more before ending, ms. */
  finalGraceMs: number;
  /** Cut a new segment at the next full snapshot once a segment holds this many JSON bytes. */
  segmentTargetBytes: number;
  /** ...or once it spans this long, ms: the SDK checks out every 5 min, so a segment holds about two. */
  segmentMaxDurationMs: number;
  /**
   * A session is written out this long after its first batch whatever else happens, ms. The SDK
   * starts a new session after 4 h; the margin covers its last batches.
   */
  maxSessionMs: number;
}

export const DEFAULT_CONFIG: RecorderConfig = {
  idleTimeoutMs: 30 * 60_000,
  finalGraceMs: 10_000,
  segmentTargetBytes: 2 * 1024 * 1024,
  segmentMaxDurationMs: 10 * 60_000,
  maxSessionMs: 4 * 3_600_000 + 10 * 60_000,
};

function positiveInt(value: unknown, fallback: number): number {
  const n = typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** The SEGMENT_* caps are not in wrangler.toml: production keeps the defaults; tests make them small. */
export function readConfig(vars: {
  SESSION_IDLE_TIMEOUT_MS?: string;
  FINAL_GRACE_MS?: string;
  SEGMENT_TARGET_BYTES?: string;
  SEGMENT_MAX_DURATION_MS?: string;
}): RecorderConfig {
  return {
    ...DEFAULT_CONFIG,
    idleTimeoutMs: positiveInt(vars.SESSION_IDLE_TIMEOUT_MS, DEFAULT_CONFIG.idleTimeoutMs),
    finalGraceMs: positiveInt(vars.FINAL_GRACE_MS, DEFAULT_CONFIG.finalGraceMs),
    segmentTargetBytes: positiveInt(vars.SEGMENT_TARGET_BYTES, DEFAULT_CONFIG.segmentTargetBytes),
    segmentMaxDurationMs: positiveInt(vars.SEGMENT_MAX_DURATION_MS, DEFAULT_CONFIG.segmentMaxDurationMs),
  };
}

/** Tabs one session may record; more from one visit is a client gone wrong or hostile. */
export const MAX_TABS_PER_SESSION = 32;
