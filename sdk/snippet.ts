/**
 * The HTML a site owner pastes into their pages. Used by the dashboard and the start script.
 */

/** Path of the recorder bundle under a deployment's origin. */
export const RECORDER_SCRIPT_PATH = '/sdk/recorder.js';

export interface SnippetOptions {
  /** Deployment origin (http or https), e.g. 'https://replay.example.workers.dev'. */
  endpoint: string;
  projectKey: string;
}

/**
 * Two script tags: the recorder, then an inline init call. Values are escaped for their context:
 * the src attribute as HTML, the inline call as JSON with `<`, `>`, `&` and U+2028/U+2029 escaped,
 * so no value can close the script element or break out of the string.
 * Throws TypeError when endpoint is not an absolute http(s) URL.
 */
export function renderSnippet(opts: SnippetOptions): string {
  const endpoint = snippetEndpoint(opts.endpoint);
  const config = { projectKey: String(opts.projectKey), endpoint };
  const src = escapeHtmlAttribute(`${endpoint}${RECORDER_SCRIPT_PATH}`);
  return (
    `<script src="${src}"></script>\n` +
    `<script>window.EdgeReplay && window.EdgeReplay.init(${jsonForInlineScript(config)});</script>`
  );
}

function snippetEndpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(String(value).trim());
  } catch {
    throw new TypeError('endpoint must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError('endpoint must be an absolute http(s) URL');
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** Escapes text for a double- or single-quoted HTML attribute value. */
export function escapeHtmlAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** JSON that is safe as the text of an inline <script>: HTML never sees a tag or comment in it. */
export function jsonForInlineScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
