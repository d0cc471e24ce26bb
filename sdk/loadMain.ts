/**
 * How the API reaches the client (sdk/main.ts). Here, for the npm entry and tests, it is linked in
 * and handed over at once. recorder.js is built with loadMain.script.ts in this module's place
 * (see build.ts), which loads it as a script of its own.
 */
import * as main from './main.ts';

export type Main = typeof main;

/** Calls `loaded` with the client module, or with null when it could not be loaded. */
export function loadMain(loaded: (main: Main | null) => void, _endpoint: unknown): void {
  loaded(main);
}
