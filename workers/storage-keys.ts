/** R2 layout. Ids are validated before they get here (project ids are ours, session ids UUIDv7). */
export const sessionPrefix = (projectId: string, sessionId: string) => `sessions/${projectId}/${sessionId}/`;
export const segmentKey = (projectId: string, sessionId: string, index: number) =>
  `${sessionPrefix(projectId, sessionId)}segment-${index}.json.gz`;
