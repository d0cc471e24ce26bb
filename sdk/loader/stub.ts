/**
 * The code of the loader snippet a site pastes into its pages (see snippet.ts, which embeds this
 * function's source text). It runs before the recorder has downloaded:
 *
 * - window.EdgeReplay becomes a stub whose methods queue their calls in order; flush() returns a
 *   Promise that settles once the real SDK has flushed; getSessionUrl() is null until then,
 * - init(config) is the first queued call,
 * - the recorder is loaded asynchronously, and replays the queue when it runs (install.ts),
 * - if the recorder cannot load, pending and later flush() Promises resolve at once.
 *
 * Rules, because the source text is what ships: self-contained (parameters and browser globals
 * only), ES5, every statement ends with a semicolon, and no string, regex or template literals
 * containing spaces or slashes (snippet.ts squeezes whitespace and strips comments).
 */

/** One queued call: method name, its arguments, and for flush() the Promise's resolve. */
export type QueuedCall = [method: string, args: unknown[], resolve?: () => void];

/** window.EdgeReplay before the recorder arrives. */
export interface LoaderStub {
  /** Calls made so far, oldest first. The recorder replays them and then takes over. */
  _q: QueuedCall[];
  [method: string]: unknown;
}

interface LoaderWindow {
  EdgeReplay?: unknown;
}

interface LoaderDocument {
  createElement(tag: 'script'): { async: boolean; src: string; onerror: unknown };
  head: { appendChild(node: unknown): unknown } | null;
  documentElement: { appendChild(node: unknown): unknown };
}

export function edgeReplayLoader(w: LoaderWindow, d: LoaderDocument, config: unknown, src: string): void {
  var existing = w.EdgeReplay as { init?: (config: unknown) => void } | undefined;
  if (existing) {
    // The recorder (or another copy of this snippet) is already on the page.
    if (typeof existing.init === 'function') existing.init(config);
    return;
  }
  var queue: QueuedCall[] = [];
  var failed = false;
  var stub: LoaderStub = { _q: queue };
  var methods = ['init', 'identify', 'track', 'setProperties', 'stop', 'start', 'flush'];
  var queueCalls = function (name: string) {
    return function () {
      var args = Array.prototype.slice.call(arguments);
      if (name === 'flush' && typeof Promise === 'function') {
        return new Promise<void>(function (resolve) {
          if (failed) resolve();
          else queue.push([name, args, resolve]);
        });
      }
      queue.push([name, args]);
    };
  };
  for (var i = 0; i < methods.length; i++) stub[methods[i]] = queueCalls(methods[i]);
  stub.getSessionUrl = function () {
    return null;
  };
  w.EdgeReplay = stub;
  queue.push(['init', [config]]);
  var script = d.createElement('script');
  script.async = true;
  script.src = src;
  script.onerror = function () {
    // Blocked or offline: nothing will flush, so nobody should wait for it.
    failed = true;
    for (var j = 0; j < queue.length; j++) {
      var resolve = queue[j][2];
      if (resolve) resolve();
    }
  };
  (d.head || d.documentElement).appendChild(script);
}

/**
 * The function's source as compact text for an inline script: comments removed, whitespace kept
 * only between two word characters (and between + + or - -). Safe for code that follows the rules
 * above; the snippet tests run the result.
 */
export function compactSource(source: string): string {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  return withoutComments
    .replace(/\s+/g, ' ')
    .replace(/ ?([^\w$ ]) ?/g, (match, punct: string, offset: number, text: string) => {
      // Keep one space where removing it would join "a + +b" into "a++b".
      const before = text[offset - 1];
      const after = text[offset + match.length];
      const keepBefore = match.startsWith(' ') && (punct === '+' || punct === '-') && before === punct;
      const keepAfter = match.endsWith(' ') && (punct === '+' || punct === '-') && after === punct;
      return `${keepBefore ? ' ' : ''}${punct}${keepAfter ? ' ' : ''}`;
    })
    .trim();
}
