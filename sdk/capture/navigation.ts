import { CustomTag, type NavigationPayload } from '../../wire/index.ts';
import { MAX_URL_CHARS } from './constants.ts';
import { cap, listen, replaceMethod, type ModuleContext } from './context.ts';

type HistoryMethod = 'pushState' | 'replaceState';

/**
 * The URL at install ('load', with document.referrer when there is one), then every change by history.pushState / replaceState (wrapped:
 * the original runs first with the same `this` and arguments), popstate and hashchange. A URL
 * equal to the last one sent is not sent again.
 */
export function installNavigation(win: Window, ctx: ModuleContext): () => void {
  let last = '';
  const history = win.history;
  const report = ctx.guard((kind: NavigationPayload['kind']) => {
    const href = cap(win.location.href, MAX_URL_CHARS);
    // Chrome fires popstate before hashchange for a fragment change: let hashchange name it.
    if (href == last || (kind == 'popstate' && onlyHashDiffers(href, last))) return;
    last = href;
    const payload: NavigationPayload = { href, kind };
    // Where the visitor came from: known for the page load only.
    const referrer = kind == 'load' && win.document.referrer;
    if (referrer) payload.referrer = cap(referrer, MAX_URL_CHARS);
    ctx.emit(CustomTag.Navigation, payload);
  });
  const restores = (['pushState', 'replaceState'] as HistoryMethod[]).map((name) => {
    const original = history[name];
    return replaceMethod(history, name, function (this: History, ...args: Parameters<History[HistoryMethod]>) {
      const result = original.apply(this, args);
      report(name);
      return result;
    });
  });
  report('load');
  restores.push(listen(win, ['popstate', 'hashchange'], (event: Event) => report(event.type as NavigationPayload['kind'])));
  return () => restores.forEach((restore) => restore());
}

export const onlyHashDiffers = (a: string, b: string): boolean => a != b && a.split('#')[0] == b.split('#')[0];
