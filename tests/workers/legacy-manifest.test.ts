import { env } from 'cloudflare:workers';
import { evictDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { legacyManifestKey } from '../../workers/storage-keys.ts';
import { batch, endSession, fullSnapshot, meta, newSession, recorder, send, sessionDetail } from './helpers.ts';

/**
 * Sessions that ended before migration 0012 keep their manifest in R2 and have none on their D1
 * row: an upgraded deployment must still replay them and recognise their retried batches.
 */
async function endAsBeforeMigration0012(projectId: string, sid: string): Promise<string> {
  const row = await env.DB.prepare('SELECT manifest FROM sessions WHERE project_id = ? AND id = ?').bind(projectId, sid).first<{ manifest: number[] }>();
  const json = await new Response(new Blob([new Uint8Array(row!.manifest)]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
  await env.BUCKET.put(legacyManifestKey(projectId, sid), json);
  await env.DB.prepare('UPDATE sessions SET manifest = NULL WHERE project_id = ? AND id = ?').bind(projectId, sid).run();
  return json;
}

describe('sessions whose manifest is still in R2', () => {
  it('replay from the R2 manifest, and a retried batch is still a duplicate', async () => {
    const { project, sid, t } = await newSession();
    const first = batch(sid, 0, [meta(t, 'https://shop.test/'), fullSnapshot(t + 1)]);
    expect((await send(project.key, first)).status).toBe(200);
    expect((await send(project.key, batch(sid, 1, [meta(t + 1000, 'https://shop.test/cart')], true))).status).toBe(200);
    await endSession(project.id, sid);
    const before = await sessionDetail(project.id, sid);

    await endAsBeforeMigration0012(project.id, sid);
    expect(await sessionDetail(project.id, sid)).toEqual(before);

    await evictDurableObject(recorder(project.id, sid));
    expect(await (await send(project.key, first)).json()).toEqual({ ok: true, duplicate: true, live: false });
  });
});
