/**
 * The HTML a site owner pastes into their pages. Used by the dashboard and the start script.
 */
import { RECORDER_SCRIPT_PATH } from './constants.ts';
import { compactSource, edgeReplayLoader } from './loader/stub.ts';
import { normalizeEndpoint, type EdgeReplayOptions } from './options.ts';

export { RECORDER_SCRIPT_PATH };

/** The loader's code as shipped in every snippet (see loader/stub.ts). */
export const LOADER_SOURCE = compactSource(String(edgeReplayLoader));

/**
 * Deployment origin and project key, plus any other init() options (JSON values only: they are
 * written into the page as JSON).
 */
export type SnippetOptions = {
  /** Deployment origin (http or https), e.g. 'https://replay.example.workers.dev'. */
  endpoint: string;
  projectKey: string;
} & Omit<EdgeReplayOptions, 'endpoint' | 'projectKey'>;

/**
 * One inline script: defines window.EdgeReplay as a queueing stub, calls init({ projectKey,
 * endpoint, ...options }) and loads the recorder asynchronously from `${endpoint}/sdk/v1/recorder.js`.
 *
 * Values are written as JSON with `<`, `>`, `&` and U+2028/U+2029 escaped, so no value can close
 * the script element, open a comment or break out of its string.
 * Throws TypeError when endpoint is not an absolute http(s) URL.
 */
export function renderSnippet(opts: SnippetOptions): string {
  const { endpoint: rawEndpoint, projectKey, ...initOptions } = opts;
  const endpoint = snippetEndpoint(rawEndpoint);
  const config = { projectKey: String(projectKey), endpoint, ...initOptions };
  const src = `${endpoint}${RECORDER_SCRIPT_PATH}`;
  return `<script>(${LOADER_SOURCE})(window,document,${jsonForInlineScript(config)},${jsonForInlineScript(src)});</script>`;
}

function snippetEndpoint(value: string): string {
  const endpoint = normalizeEndpoint(String(value));
  if (endpoint === null) throw new TypeError('endpoint must be an absolute http(s) URL');
  return endpoint;
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
