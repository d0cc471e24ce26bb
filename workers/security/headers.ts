/**
 * Security headers. The dashboard's page headers go into the static assets' _headers file
 * (scripts/build.ts); the API's are set by the middleware below. Ingest (/v1/*) answers
 * cross-origin SDKs and carries only what they need, so neither applies there.
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * The dashboard runs only its own bundled scripts. Replays render recorded pages in a sandboxed
 * iframe that inherits this policy, so recorded markup can never run script here even if the
 * sandbox were lifted; recorded pages do need their inline styles and the images and fonts of
 * the sites they came from, hence the wider style, image, font and media sources.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline' *",
  "img-src 'self' data: blob: *",
  "font-src 'self' data: *",
  "media-src 'self' data: blob: *",
  // The API and the live WebSocket are same-origin ('self' covers ws: and wss: on this host).
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const DASHBOARD_HEADERS: Record<string, string> = {
  'Content-Security-Policy': DASHBOARD_CSP,
  'X-Content-Type-Options': 'nosniff',
  // Replays show visitors' URLs; nothing of them should leak to an image's host.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const apiHeaders = secureHeaders({ xFrameOptions: 'DENY' });

/** Hardening headers for every API answer except WebSocket upgrades, whose headers are fixed. */
export const apiSecurityHeaders: MiddlewareHandler = (c, next) =>
  c.req.header('upgrade')?.toLowerCase() === 'websocket' ? next() : apiHeaders(c, next);
