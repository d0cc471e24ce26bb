import { INGEST_PATH, PROJECT_KEY_PARAM } from '../../wire/index.ts';

/** `${endpoint}${path}?k=<projectKey>`; the key rides in the query because sendBeacon cannot set headers. */
export function projectUrl(endpoint: string, path: string, projectKey: string): string {
  return `${endpoint.replace(/\/+$/, '')}${path}?${PROJECT_KEY_PARAM}=${encodeURIComponent(projectKey)}`;
}

/** `${endpoint}/v1/ingest?k=<projectKey>` */
export const ingestUrl = (endpoint: string, projectKey: string): string => projectUrl(endpoint, INGEST_PATH, projectKey);
