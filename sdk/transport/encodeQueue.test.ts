import { gunzipSync, strFromU8, strToU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { selfContainedGzipModule } from '../build.ts';
import { ManualClock, settle } from '../testing/fakes.ts';
import { WorkerCompressor, workerSource, type Compressor, type WorkerLike } from './compressWorker.ts';
import { EncodeQueue } from './encodeQueue.ts';
import { gzipFactory } from './gzip.ts';

const gzip = gzipFactory();
const text = (body: Uint8Array) => strFromU8(gunzipSync(body));

/** A compressor whose answers the test releases one by one, in any order. */
class ManualCompressor implements Compressor {
  calls: Array<{ json: string; resolve: (b: Uint8Array) => void; reject: (e: Error) => void }> = [];
  available = true;
  start(json: string): Promise<Uint8Array> | null {
    if (!this.available) return null;
    return new Promise((resolve, reject) => this.calls.push({ json, resolve, reject }));
  }
  answer(i: number): void {
    this.calls[i].resolve(gzip(strToU8(this.calls[i].json)));
  }
  dispose(): void {}
}

function setup(compressor: Compressor | null) {
  const delivered: Array<[number, string]> = [];
  const queue = new EncodeQueue<number>(gzip, compressor, (seq, body) => delivered.push([seq, text(body)]));
  return { queue, delivered };
}

describe('EncodeQueue', () => {
  it('without a worker compresses and delivers synchronously', () => {
    const { queue, delivered } = setup(null);
    queue.push(0, 'zero', false);
    expect(delivered).toEqual([[0, 'zero']]);
    expect(queue.pending).toBe(0);
  });

  it('delivers in push order whatever order the worker answers in', async () => {
    const worker = new ManualCompressor();
    const { queue, delivered } = setup(worker);
    queue.push(0, 'a', false);
    queue.push(1, 'b', false);
    queue.push(2, 'c', false);
    worker.answer(2);
    worker.answer(1);
    await settle();
    expect(delivered).toEqual([]);
    worker.answer(0);
    await settle();
    expect(delivered).toEqual([
      [0, 'a'],
      [1, 'b'],
      [2, 'c'],
    ]);
  });

  it('a sync push (final batch) compresses everything waiting on the spot, in order, and ignores late answers', async () => {
    const worker = new ManualCompressor();
    const { queue, delivered } = setup(worker);
    queue.push(0, 'a', false);
    queue.push(1, 'final', true);
    expect(delivered).toEqual([
      [0, 'a'],
      [1, 'final'],
    ]);
    worker.answer(0);
    await settle();
    expect(delivered).toHaveLength(2);
    expect(worker.calls).toHaveLength(1);
  });

  it('falls back to the main thread for a job the worker failed', async () => {
    const worker = new ManualCompressor();
    const { queue, delivered } = setup(worker);
    queue.push(0, 'a', false);
    worker.calls[0].reject(new Error('worker died'));
    await settle();
    expect(delivered).toEqual([[0, 'a']]);
  });

  it('whenIdle waits for every pushed batch', async () => {
    const worker = new ManualCompressor();
    const { queue } = setup(worker);
    let idle = false;
    queue.push(0, 'a', false);
    void queue.whenIdle().then(() => (idle = true));
    await settle();
    expect(idle).toBe(false);
    worker.answer(0);
    await settle();
    expect(idle).toBe(true);
  });
});

/** Runs workerSource() in-process: a message channel standing in for a dedicated worker. */
class InProcessWorker implements WorkerLike {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessageerror: ((event: unknown) => void) | null = null;
  terminated = false;
  posted = 0;
  mute = false;
  private readonly scope: { onmessage: ((event: { data: unknown }) => void) | null; postMessage: (m: unknown) => void };
  constructor(source: string) {
    this.scope = {
      onmessage: null,
      postMessage: (m) => queueMicrotask(() => this.onmessage?.({ data: m })),
    };
    new Function('self', source)(this.scope);
  }
  postMessage(message: unknown): void {
    this.posted++;
    if (this.mute) return;
    const copy = structuredClone(message);
    queueMicrotask(() => {
      try {
        this.scope.onmessage?.({ data: copy });
      } catch (error) {
        this.onerror?.(error); // what a real worker's uncaught error does
      }
    });
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe('WorkerCompressor', () => {
  /** The bundle's gzipFactory (see build.ts): fflate inside, nothing referenced from outside. */
  let bundledFactory: () => (data: Uint8Array) => Uint8Array;
  let source: string;
  beforeAll(async () => {
    const module = await selfContainedGzipModule();
    bundledFactory = new Function(`${module.replace(/^export /gm, '')}\nreturn gzipFactory;`)() as typeof bundledFactory;
    source = workerSource(String(bundledFactory));
  });

  it("build.ts's gzipFactory runs on its own, from its source text alone", () => {
    const isolated = new Function(`return (${String(bundledFactory)})();`)() as (d: Uint8Array) => Uint8Array;
    expect(text(isolated(strToU8('{"a":"ä"}')))).toBe('{"a":"ä"}');
  });

  it('compresses with the worker program built from workerSource', async () => {
    const clock = new ManualClock(0);
    let worker: InProcessWorker | null = null;
    const c = new WorkerCompressor(() => (worker = new InProcessWorker(source)), clock, 10_000);
    const body = await c.start('{"hello":"wörker ✓"}')!;
    expect(text(body)).toBe('{"hello":"wörker ✓"}');
    expect(worker!.posted).toBe(1);
    expect(c.isBroken).toBe(false);
  });

  it('gives up for good when the worker cannot start, errors or answers too late', async () => {
    const clock = new ManualClock(0);
    const cannot = new WorkerCompressor(() => {
      throw new Error('CSP');
    }, clock, 10_000);
    expect(cannot.start('x')).toBeNull();
    expect(cannot.isBroken).toBe(true);

    let errored: InProcessWorker | null = null;
    const erroring = new WorkerCompressor(() => (errored = new InProcessWorker(source)), clock, 10_000);
    const pending = erroring.start('x')!;
    errored!.mute = true;
    const second = erroring.start('y')!;
    errored!.onerror!(new Error('worker error event'));
    await expect(second).rejects.toThrow();
    await pending.then(
      () => undefined,
      () => undefined,
    );
    expect(errored!.terminated).toBe(true);
    expect(erroring.start('z')).toBeNull();

    let slow: InProcessWorker | null = null;
    const timingOut = new WorkerCompressor(() => {
      slow = new InProcessWorker(source);
      slow.mute = true;
      return slow;
    }, clock, 10_000);
    const late = timingOut.start('x')!;
    let outcome = '';
    late.then(
      () => (outcome = 'ok'),
      () => (outcome = 'rejected'),
    );
    await clock.advance(9_999);
    expect(outcome).toBe('');
    await clock.advance(1);
    expect(outcome).toBe('rejected');
    expect(slow!.terminated).toBe(true);
    expect(timingOut.isBroken).toBe(true);
  });
});
