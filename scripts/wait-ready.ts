import type { ChildProcess } from 'node:child_process';

const POLL_MS = 250;

/** Polls `url` until it answers 2xx; throws once `server` (wrangler dev) exits or `timeoutMs` passes. */
export async function waitUntilServing(url: string, server: Pick<ChildProcess, 'exitCode'>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error('wrangler dev exited before it was ready');
    try {
      const res = await fetch(url);
      await res.body?.cancel();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  throw new Error(`wrangler dev did not answer ${url} within ${timeoutMs / 1000} s`);
}
