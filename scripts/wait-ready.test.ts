import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntilServing } from './wait-ready.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server answering `statuses` in turn, then the last one forever; resolves to its URL. */
function answering(...statuses: number[]): Promise<{ url: string; requests: () => number }> {
  let n = 0;
  server = createServer((_, res) => res.writeHead(statuses[Math.min(n++, statuses.length - 1)]!).end());
  return new Promise((resolve) =>
    server!.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server!.address() as { port: number }).port}/healthz`, requests: () => n })),
  );
}

describe('waitUntilServing', () => {
  it('waits past answers that are not 2xx until one is', async () => {
    const { url, requests } = await answering(503, 503, 200);
    await waitUntilServing(url, { exitCode: null }, 5_000);
    expect(requests()).toBe(3);
  });

  it('gives up at the deadline when nothing answers 2xx', async () => {
    const { url } = await answering(503);
    await expect(waitUntilServing(url, { exitCode: null }, 600)).rejects.toThrow(/did not answer .*\/healthz within 0.6 s/);
  });

  it('stops at once when the server process has exited', async () => {
    const { url, requests } = await answering(200);
    await expect(waitUntilServing(url, { exitCode: 1 }, 5_000)).rejects.toThrow(/exited before it was ready/);
    expect(requests()).toBe(0);
  });
});
