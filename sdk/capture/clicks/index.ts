import { CustomTag, type ClickPayload } from '../../../wire/index.ts';
import { listen, type ModuleContext } from '../context.ts';
import { CLICKABLE, deadClickCandidate } from './dead.ts';
import type { ClickFacts } from './derived.ts';
import { buildSelector } from './selector.ts';
import { clickText } from './text.ts';

/**
 * What the client needs of each click to derive rage and dead clicks (derived.ts), by the click's
 * payload: only here is the page as it was at the click.
 */
export const clickFacts = new WeakMap<ClickPayload, ClickFacts>();

/**
 * Clicks (capture phase, passive, trusted only): a Click signal each, with its facts noted in
 * clickFacts. Rage and dead clicks follow from these and the recording, in the client.
 */
export function installClicks(win: Window, ctx: ModuleContext): () => void {
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
    // Every INTERACTIVE element is CLICKABLE: none lies between target and `clickable`, and none
    // above a click that found no CLICKABLE one, so the walk starts at `clickable` or is skipped.
    clickFacts.set(payload, { target: el, deadCandidate: !!clickable && !!deadClickCandidate(clickable, event) });
    ctx.emit(CustomTag.Click, payload);
  });
  return listen(win, ['click'], onClick, { capture: true, passive: true });
}
