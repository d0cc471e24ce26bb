import type { CustomPayloads, CustomTag } from '../../wire/index.ts';
import { warnOnce } from '../util/warn.ts';
import { installClicks } from './clicks/index.ts';
import { installConsole } from './console.ts';
import { MAX_SIGNALS_PER_WINDOW, SIGNAL_WINDOW_MS } from './constants.ts';
import { installAssets } from './assets/index.ts';
import type { ModuleContext } from './context.ts';
import { installErrors } from './errors.ts';
import { createGuard } from './guard.ts';
import { installNavigation } from './navigation.ts';
import { installFetch } from './network/fetch.ts';
import { installXhr } from './network/xhr.ts';
import type { ResolvedCapture } from './options.ts';
import { createThrottle } from './throttle.ts';

/** Where capture modules send their signals; the client turns them into rrweb Custom events. */
export interface CaptureSink {
  emit<T extends CustomTag>(tag: T, payload: CustomPayloads[T]): void;
  now(): number;
  /** The element's text as a signal may show it: masked exactly as the replay masks it. */
  maskText(element: Element, text: string): string;
}

/**
 * Installs console, error, network, navigation and click capture; returns the uninstall function.
 * Each module has its own guard: an internal error turns off that module only. Outside a browser
 * (no window) nothing is installed.
 */
export function installCapture(options: ResolvedCapture, sink: CaptureSink): () => void {
  if (typeof window === 'undefined') return () => {};
  const allow = createThrottle(MAX_SIGNALS_PER_WINDOW, SIGNAL_WINDOW_MS);
  const uninstalls: Array<() => void> = [];
  const net = options.network;

  const use = (name: string, enabled: unknown, install: (ctx: ModuleContext) => () => void) => {
    if (!enabled) return;
    const guard = createGuard(name);
    const ctx: ModuleContext = {
      guard,
      now: sink.now,
      maskText: sink.maskText,
      emit: (tag, payload) => {
        if (!guard.off && allow(tag, sink.now())) sink.emit(tag, payload);
      },
    };
    try {
      const uninstall = install(ctx);
      uninstalls.push(() => {
        guard.off = true;
        uninstall();
      });
    } catch (error) {
      guard.off = true;
      warnOnce(`capture-${name}`, `${name} capture failed and is off`, error);
    }
  };

  use('console', options.console?.length, (ctx) => installConsole(console, options.console, ctx));
  use('errors', options.errors, (ctx) => installErrors(window, ctx));
  // Before fetch capture wraps window.fetch: asset reads are not the page's requests.
  use('assets', options.assets, (ctx) => installAssets(window, ctx));
  use('fetch', net, (ctx) => installFetch(window, net!, ctx));
  use('xhr', net, (ctx) => installXhr(window, net!, ctx));
  use('navigation', options.navigation, (ctx) => installNavigation(window, ctx));
  use('clicks', options.clicks, (ctx) => installClicks(window, ctx));

  return () => {
    for (const uninstall of uninstalls.splice(0)) {
      try {
        uninstall();
      } catch {
        // keep uninstalling the others
      }
    }
  };
}
