/** R2 layout. Ids are validated before they get here (project ids are ours, session ids UUIDv7). */
export const sessionPrefix = (projectId: string, sessionId: string) => `sessions/${projectId}/${sessionId}/`;
export const segmentKey = (projectId: string, sessionId: string, index: number) =>
  `${sessionPrefix(projectId, sessionId)}segment-${index}.json.gz`;
/** Where sessions that ended before migration 0012 keep their manifest (since then it is on the D1 row). */
export const legacyManifestKey = (projectId: string, sessionId: string) => `${sessionPrefix(projectId, sessionId)}manifest.json`;
