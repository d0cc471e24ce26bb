import { parsePattern } from '../../wire/projects.ts';

/**
 * Which sites may send a project's sessions. Patterns are origins, optionally with `*.` before
 * the host for any subdomain (not the apex): `https://shop.example.com`, `https://*.example.com`.
 * An empty list allows every origin (a fresh local project). The check keeps other sites from
 * filling a project with the public key they copied; it is not authentication.
 */
export function isOriginAllowed(origin: string | null, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  if (!origin) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const host = url.host.toLowerCase();
  const scheme = url.protocol;
  return allowed.some((pattern) => {
    const p = parsePattern(pattern);
    if (!p || p.scheme !== scheme) return false;
    return p.wildcard ? host.endsWith(`.${p.host}`) : host === p.host;
  });
}
