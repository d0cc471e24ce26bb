import { INGEST_PATH, PROJECT_KEY_PARAM } from '../../wire/index.ts';

/** `${endpoint}/v1/ingest?k=<projectKey>`; the key rides in the query because sendBeacon cannot set headers. */
export function ingestUrl(endpoint: string, projectKey: string): string {
  return `${endpoint.replace(/\/+$/, '')}${INGEST_PATH}?${PROJECT_KEY_PARAM}=${encodeURIComponent(projectKey)}`;
}
