import type { CustomPayloads, CustomTag } from '../../wire/index.ts';
import { warnOnce } from '../util/warn.ts';
import { installClicks } from './clicks/index.ts';
import { installConsole } from './console.ts';
import { MAX_SIGNALS_PER_WINDOW, SIGNAL_WINDOW_MS } from './constants.ts';
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

/** Installed capture modules. */
export interface Capture {
  /** Installs one more module under the same rules (own guard, shared flood limit). */
  add(name: string, enabled: unknown, install: (ctx: ModuleContext) => () => void): void;
  uninstall(): void;
}

/**
 * Installs console, error, network, navigation and click capture. Each module has its own guard:
 * an internal error turns off that module only. Outside a browser (no window) nothing is installed.
 * Asset capture is added by the client (sdk/main.ts): it runs in idle time and loads with it.
 */
export function installCapture(options: ResolvedCapture, sink: CaptureSink): Capture {
  const allow = createThrottle(MAX_SIGNALS_PER_WINDOW, SIGNAL_WINDOW_MS);
  const uninstalls: Array<() => void> = [];
  const net = options.network;
  const browser = typeof window !== 'undefined';

  const use: Capture['add'] = (name, enabled, install) => {
    if (!enabled || !browser) return;
    const guard = createGuard(name);
    const ctx: ModuleContext = {
      guard,
      now: sink.now,
      maskText: sink.maskText,
      emit: (tag, payload) => {
        if (!guard.off && allow(tag, sink.now())) sink.emit(tag, typeof payload == 'function' ? payload() : payload);
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

  use('console', options.console.length, (ctx) => installConsole(console, options.console, ctx));
  use('errors', options.errors, (ctx) => installErrors(window, ctx));
  use('fetch', net, (ctx) => installFetch(window, net!, ctx));
  use('xhr', net, (ctx) => installXhr(window, net!, ctx));
  use('navigation', options.navigation, (ctx) => installNavigation(window, ctx));
  use('clicks', options.clicks, (ctx) => installClicks(window, ctx));

  return {
    add: use,
    uninstall: () => {
      for (const uninstall of uninstalls.splice(0)) {
        try {
          uninstall();
        } catch {
          // keep uninstalling the others
        }
      }
    },
  };
}
