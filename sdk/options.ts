import type { Validation } from '../wire/index.ts';
import {
  DEFAULT_CHECKOUT_EVERY_MS,
  DEFAULT_FLUSH_INTERVAL_MS,
  MIN_CHECKOUT_EVERY_MS,
  MIN_FLUSH_INTERVAL_MS,
} from './constants.ts';
import { readCapture, resolveCapture, type CaptureOptions, type ResolvedCapture } from './capture/options.ts';
import { resolvePrivacy, type PrivacyOptions, type ResolvedPrivacy } from './privacy/options.ts';

/** What a site passes to EdgeReplay.init(). */
export interface EdgeReplayOptions {
  /** The project's public key, shown in the dashboard's snippet. */
  projectKey: string;
  /**
   * Origin of the edge-replay deployment, e.g. 'https://replay.example.workers.dev'.
   * Default: the origin recorder.js was loaded from.
   */
  endpoint?: string;
  /** A batch is sent at the latest this long after its first event. Default 5000. */
  flushIntervalMs?: number;
  /** Take a fresh full snapshot this often, in ms. Default 5 minutes. */
  checkoutEveryMs?: number;
  /**
   * Share of sessions recorded, 0..1. Default 1. The project's remote config overrides it; the
   * decision is made once per session and kept across its reloads.
   */
  sampleRate?: number;
  /**
   * Keep only the last minute in memory and upload nothing until an error happens, then upload it
   * and record the rest of the session normally. Default false; the remote config overrides it.
   */
  bufferMode?: boolean;
  /**
   * Record what is drawn on <canvas> elements (2D and WebGL), as images a few times a second.
   * Default false. Canvases stay placeholders while privacy.blockAllMedia is on, unless marked
   * data-er-unblock.
   */
  recordCanvas?: boolean;
  /** Masking and blocking; private by default. */
  privacy?: PrivacyOptions;
  /** Console, errors, network, navigation and click signals beside the DOM. */
  capture?: CaptureOptions;
}

export interface ResolvedOptions {
  projectKey: string;
  /** http(s) URL without a trailing slash. */
  endpoint: string;
  flushIntervalMs: number;
  checkoutEveryMs: number;
  sampleRate: number;
  bufferMode: boolean;
  recordCanvas: boolean;
  privacy: ResolvedPrivacy;
  capture: ResolvedCapture;
}

/** What recorder.js records with: the part of ResolvedOptions used from init()'s first moment. */
export type RecordingSettings = Pick<ResolvedOptions, 'privacy' | 'capture' | 'checkoutEveryMs' | 'recordCanvas'>;

const fail = (message: string): Validation<never> => ({ ok: false, message });

/**
 * init()'s options as recorder.js records with them before the client has loaded: privacy is
 * checked now (every recorded event depends on it), the rest is read with its defaults and
 * checked by the client (resolveOptions) before anything is uploaded. On valid options this is
 * the same as resolveOptions' value.
 */
export function readRecordingSettings(input: EdgeReplayOptions | undefined): Validation<RecordingSettings> {
  const privacy = resolvePrivacy(input?.privacy);
  if (!privacy.ok) return privacy;
  return {
    ok: true,
    value: {
      privacy: privacy.value,
      capture: readCapture(input?.capture),
      checkoutEveryMs: interval(input?.checkoutEveryMs, DEFAULT_CHECKOUT_EVERY_MS, MIN_CHECKOUT_EVERY_MS),
      recordCanvas: input?.recordCanvas === true,
    },
  };
}

/** Validates init() options and fills defaults. `scriptOrigin` is where recorder.js came from, if known. */
export function resolveOptions(input: unknown, scriptOrigin: string | null): Validation<ResolvedOptions> {
  if (typeof input !== 'object' || input === null) return fail('init() needs an options object');
  const o = input as Record<string, unknown>;
  if (typeof o.projectKey !== 'string' || o.projectKey.trim() === '') {
    return fail('init() needs projectKey (a non-empty string)');
  }
  const rawEndpoint = o.endpoint ?? scriptOrigin;
  if (rawEndpoint === null || rawEndpoint === undefined) {
    return fail('init() needs endpoint (the edge-replay origin) when recorder.js is not loaded from it');
  }
  const endpoint = normalizeEndpoint(rawEndpoint);
  if (endpoint === null) return fail('endpoint must be an absolute http(s) URL');
  const sampleRate = o.sampleRate ?? 1;
  if (typeof sampleRate !== 'number' || !(sampleRate >= 0 && sampleRate <= 1)) {
    return fail('sampleRate must be a number from 0 to 1');
  }
  const bufferMode = o.bufferMode ?? false;
  if (typeof bufferMode !== 'boolean') return fail('bufferMode must be a boolean');
  const recordCanvas = o.recordCanvas ?? false;
  if (typeof recordCanvas !== 'boolean') return fail('recordCanvas must be a boolean');
  const capture = resolveCapture(o.capture);
  if (!capture.ok) return capture;
  // What was recorded before this check ran was recorded with these.
  const settings = readRecordingSettings(o as unknown as EdgeReplayOptions);
  if (!settings.ok) return settings;
  return {
    ok: true,
    value: {
      projectKey: o.projectKey.trim(),
      endpoint,
      flushIntervalMs: interval(o.flushIntervalMs, DEFAULT_FLUSH_INTERVAL_MS, MIN_FLUSH_INTERVAL_MS),
      sampleRate,
      bufferMode,
      ...settings.value,
    },
  };
}

/** origin + path without trailing slashes, or null when not an absolute http(s) URL. */
export function normalizeEndpoint(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** A positive finite number raised to `min`; anything else gives `fallback`. */
function interval(value: unknown, fallback: number, min: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return fallback;
  return Math.max(min, value);
}
