/**
 * The project's recording settings from GET /v1/config, and the once-per-session sampling decision
 * they feed. Pure: the caller does the request and passes the random source.
 */
import { CONFIG_PATH, type RemoteConfig } from '../../wire/index.ts';
import type { RecordingMode } from '../session.ts';
import { projectUrl } from '../transport/ingestUrl.ts';

/** `${endpoint}/v1/config?k=<projectKey>` */
export const configUrl = (endpoint: string, projectKey: string): string => projectUrl(endpoint, CONFIG_PATH, projectKey);

/**
 * The fields of a config answer that are well-formed. Each field is checked on its own: a valid
 * sampleRate still applies when bufferMode is missing. Anything else gives an empty object.
 */
export function parseRemoteConfig(body: unknown): Partial<RemoteConfig> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const o = body as Record<string, unknown>;
  const out: Partial<RemoteConfig> = {};
  if (typeof o.sampleRate === 'number' && o.sampleRate >= 0 && o.sampleRate <= 1) out.sampleRate = o.sampleRate;
  if (typeof o.bufferMode === 'boolean') out.bufferMode = o.bufferMode;
  return out;
}

/** init()'s settings overridden by whatever the remote config answered (null: it did not). */
export function effectiveConfig(local: RemoteConfig, remote: Partial<RemoteConfig> | null): RemoteConfig {
  return {
    sampleRate: remote?.sampleRate ?? local.sampleRate,
    bufferMode: remote?.bufferMode ?? local.bufferMode,
  };
}

/**
 * Draws a new session's recording mode. `random` returns [0, 1): a rate of 1 always records, 0
 * never does. Sampling decides whether the session is recorded at all; bufferMode decides how.
 */
export function decideMode(config: RemoteConfig, random: () => number): RecordingMode {
  const sampled = config.sampleRate >= 1 || (config.sampleRate > 0 && random() < config.sampleRate);
  if (!sampled) return 'off';
  return config.bufferMode ? 'buffer' : 'full';
}
