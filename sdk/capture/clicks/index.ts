import { CustomTag, type ClickPayload, type RageClickPayload } from '../../../wire/index.ts';
import { DEAD_CLICK_WINDOW_MS, RAGE_CLICK_WINDOW_MS } from '../constants.ts';
import { listen, type ModuleContext } from '../context.ts';
import { CLICKABLE, deadClickCandidate, settleDeadClick, type DeadClickCheck } from './dead.ts';
import { createRageTracker } from './rage.ts';
import { buildSelector } from './selector.ts';
import { clickText } from './text.ts';

/** Besides DOM mutations and URL changes, these show the page responded to a click. */
const RESPONSES = ['scroll', 'input', 'focusin'];
const LISTEN = { capture: true, passive: true };

/**
 * Clicks (capture phase, passive, trusted only): a Click signal each, a RageClick per raging
 * burst, a DeadClick when an interactive element's click is followed by nothing for
 * DEAD_CLICK_WINDOW_MS. The MutationObserver and response listeners exist only while a dead-click
 * check is pending (one at a time), so there is no per-mutation work otherwise.
 */
export function installClicks(win: Window, ctx: ModuleContext): () => void {
  const rage = createRageTracker();
  let rageTimer = 0;
  let deadTimer = 0;
  let check: DeadClickCheck | null = null;
  let observer: MutationObserver | null = null;
  let unlistenResponses = () => {};

  const emitRage = (rageClick: RageClickPayload | null) => rageClick && ctx.emit(CustomTag.RageClick, rageClick);
  const endBurst = ctx.guard(() => emitRage(rage.end()));

  const unwatch = () => {
    check = null;
    if (observer) observer.disconnect();
    observer = null;
    win.clearTimeout(deadTimer);
    unlistenResponses();
  };
  const settle = ctx.guard(() => {
    const { over, dead } = settleDeadClick(check, ctx.now(), win.location.href, DEAD_CLICK_WINDOW_MS);
    if (!over) return void (deadTimer = win.setTimeout(settle, 50)); // the timer ran a little early
    unwatch();
    if (dead) ctx.emit(CustomTag.DeadClick, dead);
  });
  const watch = (payload: ClickPayload) => {
    if (check) return;
    check = { payload, atMs: ctx.now(), href: win.location.href };
    observer = new MutationObserver(unwatch);
    observer.observe(win.document, { subtree: true, childList: true, attributes: true, characterData: true });
    unlistenResponses = listen(win, RESPONSES, unwatch, LISTEN);
    deadTimer = win.setTimeout(settle, DEAD_CLICK_WINDOW_MS);
  };

  const onClick = ctx.guard((event: MouseEvent) => {
    const target = event.target as Element;
    if (!event.isTrusted || !target || target.nodeType != 1) return;
    const clickable = target.closest(CLICKABLE);
    const el = clickable || target;
    const payload: ClickPayload = {
      selector: buildSelector(el),
      text: ctx.maskText(el, clickText(el)),
      x: Math.round(event.clientX),
      y: Math.round(event.clientY),
    };
    ctx.emit(CustomTag.Click, payload);
    emitRage(rage.click(el, payload, ctx.now()));
    win.clearTimeout(rageTimer);
    rageTimer = win.setTimeout(endBurst, RAGE_CLICK_WINDOW_MS + 1);
    // Every INTERACTIVE element is CLICKABLE: none lies between target and `clickable`, and none
    // above a click that found no CLICKABLE one, so the walk starts at `clickable` or is skipped.
    if (clickable && deadClickCandidate(clickable, event)) watch(payload);
  });

  const unlisten = listen(win, ['click'], onClick, LISTEN);
  return () => {
    unlisten();
    win.clearTimeout(rageTimer);
    unwatch();
  };
}
