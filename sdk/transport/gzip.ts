import { gzipSync } from 'fflate';

/** gzip of the whole input, synchronously. */
export type Gzip = (data: Uint8Array) => Uint8Array;

/**
 * Returns a gzip function. Here (Node, tests) it is fflate's gzipSync.
 *
 * In the browser bundle, sdk/build.ts replaces this module: its gzipFactory then holds its own
 * bundled copy of fflate's deflate and refers to nothing outside itself, so the same function
 * serves the main thread (called) and the compression worker (its source text, via toString).
 * fflate ships once.
 */
export function gzipFactory(): Gzip {
  return (data) => gzipSync(data);
}

/** True in the browser bundle, where gzipFactory's source text runs on its own in a Worker. */
export const GZIP_FACTORY_IS_SELF_CONTAINED: boolean = false;
