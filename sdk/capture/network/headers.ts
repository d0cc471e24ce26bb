import { MAX_HEADER_VALUE_CHARS, MAX_HEADERS } from '../constants.ts';
import { cap } from '../context.ts';

/**
 * Headers never recorded: Authorization, Proxy-Authorization, Cookie, Set-Cookie, X-Api-Key,
 * X-Auth-Token, X-CSRF-Token, and anything naming a token, secret, password or auth (any case).
 */
export const isSecretHeader = (name: string): boolean => /cookie|api-?key|token|secret|password|auth/i.test(name);

/** name → value with lowercase names, secrets removed, at most MAX_HEADERS, values cut. */
export function pickHeaders(pairs: Iterable<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const [name, value] of pairs) {
    if (!isSecretHeader(name) && n++ < MAX_HEADERS) out[name.toLowerCase()] = cap(value, MAX_HEADER_VALUE_CHARS);
  }
  return out;
}

/** XMLHttpRequest.getAllResponseHeaders() text as name/value pairs. */
export const parseHeaderLines = (text: string): Array<[string, string]> =>
  text
    .split('\r\n')
    .filter((line) => line.includes(':'))
    .map((line) => [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()]);
