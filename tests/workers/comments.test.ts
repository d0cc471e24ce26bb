import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_COMMENTS_PER_SESSION, MAX_COMMENT_BODY_CHARS, type CommentListResponse, type SessionComment } from '../../wire/comments.ts';
import { ADMIN, ORIGIN, batch, createProject, endSession, fullSnapshot, get, meta, send, sessionId } from './helpers.ts';

let project: { id: string; key: string };
let sid = '';
let t0 = 0;
const path = () => `/api/sessions/${project.id}/${sid}/comments`;

function request(method: string, to: string, body?: BodyInit, contentType = 'application/json'): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}${to}`, { method, body, headers: body === undefined ? ADMIN : { ...ADMIN, 'content-type': contentType } }));
}

const newComment = (overrides: Record<string, unknown> = {}) => ({ tab: 'main', t: t0 + 1_500, x: 0.5, y: 0.25, body: 'Why is this empty?', author: 'Ada', ...overrides });
const postComment = (body: unknown, to = path()) => request('POST', to, JSON.stringify(body));

async function expectError(res: Response, status: number, code: string, what = '') {
  expect(res.status, what).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/json');
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
}

async function listed(): Promise<SessionComment[]> {
  const res = await get(path());
  expect(res.status).toBe(200);
  return ((await res.json()) as CommentListResponse).comments;
}

/** After every refusal the API still stores and lists a good comment. */
async function expectStillServing() {
  const res = await postComment(newComment({ body: 'still here' }));
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as SessionComment;
  expect((await listed()).map((c) => c.id)).toContain(id);
  expect((await request('DELETE', `${path()}/${id}`)).status).toBe(204);
}

beforeAll(async () => {
  project = await createProject();
  sid = sessionId();
  t0 = Date.now();
  await send(project.key, batch(sid, 0, [meta(t0, 'https://shop.test/'), fullSnapshot(t0 + 1)], true));
  await endSession(project.id, sid);
});

describe('comments on a session', () => {
  it('stores comments, lists them by time, and deletes one', async () => {
    expect(await listed()).toEqual([]);
    const later = await postComment(newComment({ t: t0 + 9_000, body: '  second  ' }));
    expect(later.status).toBe(201);
    const earlier = await postComment(newComment({ t: t0 + 2_000, x: 0, y: 1 }));
    expect(earlier.status).toBe(201);
    const stored = (await earlier.json()) as SessionComment;
    expect(stored).toMatchObject({ ...newComment({ t: t0 + 2_000, x: 0, y: 1 }) });
    expect(stored.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(stored.createdAt).toBeGreaterThanOrEqual(t0);

    const comments = await listed();
    expect(comments.map((c) => [c.t, c.body])).toEqual([
      [t0 + 2_000, 'Why is this empty?'],
      [t0 + 9_000, 'second'],
    ]);
    expect(comments[0]).toEqual(stored);

    expect((await request('DELETE', `${path()}/${stored.id}`)).status).toBe(204);
    expect((await listed()).map((c) => c.body)).toEqual(['second']);
    await expectError(await request('DELETE', `${path()}/${stored.id}`), 404, 'not_found');
    // Another session's comment is not reachable through this one's path.
    const otherSid = sessionId();
    await expectError(await request('DELETE', `/api/sessions/${project.id}/${otherSid}/comments/${comments[1]!.id}`), 404, 'not_found');
    expect(await listed()).toHaveLength(1);
  });

  it('answers every kind of bad input with a 4xx JSON error and keeps serving', async () => {
    await expectError(await request('POST', path(), '{"tab":"main",'), 400, 'invalid_json');
    await expectError(await request('POST', path(), ''), 400, 'invalid_json');
    await expectError(await request('POST', path(), JSON.stringify(newComment()), 'text/plain'), 400, 'bad_request');
    await expectError(await request('POST', path(), new URLSearchParams({ body: 'x' }), 'application/x-www-form-urlencoded'), 400, 'bad_request');
    await expectError(await request('POST', path(), 'x'.repeat(100_000)), 413, 'payload_too_large');
    // Without a length header too: a streamed body is counted as it arrives.
    const stream = new Blob(['x'.repeat(100_000)]).stream();
    await expectError(
      await exports.default.fetch(new Request(`${ORIGIN}${path()}`, { method: 'POST', body: stream, headers: { ...ADMIN, 'content-type': 'application/json' }, duplex: 'half' } as RequestInit)),
      413,
      'payload_too_large',
    );
    await expectError(await postComment(newComment({ body: 'a'.repeat(MAX_COMMENT_BODY_CHARS + 1) })), 400, 'bad_request');
    for (const bad of [
      { x: 1.5 },
      { x: -0.1 },
      { y: 'top' },
      { t: -5 },
      { t: 1.5 },
      { tab: '../../x' },
      { body: '' },
      { body: 42 },
      { author: '' },
      { author: 'a\nb' },
    ]) {
      await expectError(await postComment(newComment(bad)), 400, 'bad_request', JSON.stringify(bad));
    }
    for (const bad of [null, [], 'comment', 7]) await expectError(await postComment(bad), 400, 'bad_request');

    // Unknown sessions and hostile ids.
    await expectError(await postComment(newComment(), `/api/sessions/${project.id}/${sessionId()}/comments`), 404, 'not_found');
    await expectError(await get(`/api/sessions/${project.id}/${sessionId()}/comments`), 404, 'not_found');
    await expectError(await get(`/api/sessions/other-project/${sid}/comments`), 404, 'not_found');
    for (const hostileProject of ['../etc', 'UPPER', '%00', 'a'.repeat(65), "p' OR 1=1 --"]) {
      await expectError(await get(`/api/sessions/${encodeURIComponent(hostileProject)}/${sid}/comments`), 400, 'bad_request', hostileProject);
      await expectError(await postComment(newComment(), `/api/sessions/${encodeURIComponent(hostileProject)}/${sid}/comments`), 400, 'bad_request', hostileProject);
    }
    for (const hostileSession of [sid.toUpperCase(), crypto.randomUUID(), `${sid}%00`, "x' OR '1'='1"]) {
      await expectError(await get(`/api/sessions/${project.id}/${encodeURIComponent(hostileSession)}/comments`), 400, 'bad_request', hostileSession);
    }
    for (const hostileId of ['..%2F..%2Fx', 'ABCDEF00-0000-4000-8000-000000000000', "1' OR '1'='1", 'x'.repeat(500)]) {
      await expectError(await request('DELETE', `${path()}/${hostileId}`), 400, 'bad_request', hostileId);
    }
    await expectError(await request('PUT', path(), JSON.stringify(newComment())), 404, 'not_found');

    await expectStillServing();
  });

  it(`holds at most ${MAX_COMMENTS_PER_SESSION} comments per session`, async () => {
    const full = sessionId();
    const t = Date.now();
    await send(project.key, batch(full, 0, [meta(t, 'https://shop.test/'), fullSnapshot(t + 1)], true));
    await endSession(project.id, full);
    // All but one place taken directly, then the API fills the last one and refuses the next.
    const insert = env.DB.prepare(
      'INSERT INTO session_comments (project_id, session_id, id, tab, t, x, y, body, author, created_at) VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?, ?)',
    );
    await env.DB.batch(Array.from({ length: MAX_COMMENTS_PER_SESSION - 1 }, (_, i) => insert.bind(project.id, full, crypto.randomUUID(), 'main', t + i, `c${i}`, 'seed', t)));
    const to = `/api/sessions/${project.id}/${full}/comments`;
    expect((await postComment(newComment({ t }), to)).status).toBe(201);
    await expectError(await postComment(newComment({ t }), to), 400, 'bad_request');
    const list = (await (await get(to)).json()) as CommentListResponse;
    expect(list.comments).toHaveLength(MAX_COMMENTS_PER_SESSION);
    // Other sessions are not affected by this one's limit.
    await expectStillServing();
  });
});
