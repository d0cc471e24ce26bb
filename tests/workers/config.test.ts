import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { RemoteConfig } from '../../wire/index.ts';
import { findProjectByKey } from '../../workers/db/projects.ts';
import { createProject, get } from './helpers.ts';

describe('GET /v1/config', () => {
  it("answers the project's recording settings, readable from any origin", async () => {
    const project = await createProject();
    await env.DB.prepare('UPDATE projects SET sample_rate = 0.25, buffer_mode = 1 WHERE id = ?').bind(project.id).run();
    const res = await get(`/v1/config?k=${project.key}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sampleRate: 0.25, bufferMode: true } satisfies RemoteConfig);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
  });

  it('defaults to recording every session, uploading as it goes', async () => {
    const project = await createProject();
    expect(await (await get(`/v1/config?k=${project.key}`)).json()).toEqual({ sampleRate: 1, bufferMode: false });
  });

  it('rejects a missing or unknown key with a JSON error', async () => {
    const missing = await get('/v1/config');
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { code: 'unknown_project' } });
    const unknown = await get('/v1/config?k=pk_unknown');
    expect(unknown.status).toBe(403);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_project' } });
  });
});

describe('project key cache', () => {
  it('serves a known key from the isolate for a minute, then reads D1 again', async () => {
    const project = await createProject();
    const t = Date.now();
    expect((await findProjectByKey(env.DB, project.key, t))?.id).toBe(project.id);
    await env.DB.prepare('DELETE FROM projects WHERE id = ?').bind(project.id).run();
    expect((await findProjectByKey(env.DB, project.key, t + 59_000))?.id).toBe(project.id);
    expect(await findProjectByKey(env.DB, project.key, t + 61_000)).toBeNull();
  });
});

describe('project lookup for ingest', () => {
  it("carries the project's daily session quota, null when it has none", async () => {
    const withQuota = await createProject();
    const without = await createProject();
    await env.DB.prepare('UPDATE projects SET session_quota_per_day = 500 WHERE id = ?').bind(withQuota.id).run();
    expect((await findProjectByKey(env.DB, withQuota.key))?.sessionQuotaPerDay).toBe(500);
    expect((await findProjectByKey(env.DB, without.key))?.sessionQuotaPerDay).toBeNull();
  });
});
