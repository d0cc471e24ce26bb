/**
 * Cloudflare Access in front of the dashboard: Access signs every request it lets through
 * (header Cf-Access-Jwt-Assertion, RS256, keys published by the team domain, rotated every few
 * weeks). We check signature, issuer, audience and expiry, and trust the email inside.
 */
import { decode, verifyWithJwks } from 'hono/jwt';

export const ACCESS_HEADER = 'cf-access-jwt-assertion';

export interface AccessConfig {
  /** e.g. "myteam.cloudflareaccess.com" */
  teamDomain: string;
  /** The Access application's audience tag. */
  aud: string;
}

export type Jwk = JsonWebKey & { kid?: string };
/** Returns the team's signing keys; `fresh` asks to bypass any cache (a key id we did not know). */
export type KeysSource = (fresh: boolean) => Promise<Jwk[]>;

export function accessConfig(env: { ACCESS_TEAM_DOMAIN?: string; ACCESS_AUD?: string }): AccessConfig | null {
  const teamDomain = env.ACCESS_TEAM_DOMAIN?.replace(/^https:\/\//, '').replace(/\/+$/, '');
  return teamDomain && env.ACCESS_AUD ? { teamDomain, aud: env.ACCESS_AUD } : null;
}

/** The email Access vouches for, or null when the assertion does not hold. */
export async function verifyAccessJwt(token: string, config: AccessConfig, keys: KeysSource): Promise<string | null> {
  try {
    const kid = decode(token).header.kid;
    const cachedKeys = await keys(false);
    // Keys rotate: refetch only for a key id the cached set lacks, so an expired or foreign
    // assertion (the common failure) costs no request to the team domain.
    const set = kid !== undefined && !cachedKeys.some((k) => k.kid === kid) ? await keys(true) : cachedKeys;
    const payload = await verifyWithJwks(token, {
      keys: set,
      allowedAlgorithms: ['RS256'],
      verification: { iss: `https://${config.teamDomain}`, aud: config.aud },
    });
    return typeof payload.email === 'string' && typeof payload.exp === 'number' ? payload.email.toLowerCase() : null;
  } catch {
    return null;
  }
}

const KEYS_TTL_MS = 60 * 60_000;
let cached: { domain: string; keys: Jwk[]; at: number } | null = null;

/** The team's published keys, cached in the isolate for an hour. */
export function teamKeys(config: AccessConfig, now = () => Date.now()): KeysSource {
  return async (fresh) => {
    if (!fresh && cached?.domain === config.teamDomain && now() - cached.at < KEYS_TTL_MS) return cached.keys;
    const response = await fetch(`https://${config.teamDomain}/cdn-cgi/access/certs`);
    if (!response.ok) throw new Error(`Access keys: HTTP ${response.status}`);
    const { keys } = (await response.json()) as { keys?: Jwk[] };
    if (!Array.isArray(keys)) throw new Error('Access keys: no keys');
    cached = { domain: config.teamDomain, keys, at: now() };
    return keys;
  };
}
