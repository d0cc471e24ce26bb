/** What a click is reported on: the nearest of these around the target, else the target. */
export const CLICKABLE = 'a,button,[role=button],input,label,summary';

/**
 * What looks clickable: a click on one of these is expected to do something. Each is also
 * CLICKABLE, so the dead-click check can start its walk at the element a click is reported on.
 */
export const INTERACTIVE = 'a,button,[role=button],input[type=submit],input[type=button],label,summary';

/**
 * The interactive element a click landed on (or inside), or null when the click should not be
 * checked: nothing interactive, a modified click (new tab / window), or a link that leaves the
 * page by design (another target, a download, mailto: / tel: / sms:).
 */
export function deadClickCandidate(target: Element, event: MouseEvent): Element | null {
  const el = target.closest(INTERACTIVE) as HTMLAnchorElement | null;
  if (!el || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return null;
  const leaves = el.tagName == 'A' && ((el.target && el.target != '_self') || el.hasAttribute('download') || /^(mailto|tel|sms):/i.test(el.href));
  return leaves ? null : el;
}
