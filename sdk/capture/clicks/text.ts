import { MAX_CLICK_TEXT_CHARS } from '../constants.ts';
import { cap } from '../context.ts';

const SKIPPED = /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE|svg)$/i;

/**
 * The element's text, whitespace collapsed, cut to MAX_CLICK_TEXT_CHARS: text nodes gathered in
 * order until the cap is reached, so clicking a huge container costs no more than a button.
 * (textContent-like: no layout, so text hidden by CSS is included.) Button-like inputs give their
 * value, other elements without text their aria-label.
 */
export function clickText(el: Element): string {
  let text = '';
  const walk = (node: Node): void => {
    for (let child = node.firstChild; child && text.length <= MAX_CLICK_TEXT_CHARS * 2; child = child.nextSibling) {
      if (child.nodeType === 3) text += child.nodeValue;
      else if (child.nodeType === 1 && !SKIPPED.test(child.nodeName)) {
        text += ' ';
        walk(child);
      }
    }
  };
  walk(el);
  text = text.replace(/\s+/g, ' ').trim();
  if (!text) {
    const input = el as HTMLInputElement;
    text = el.tagName === 'INPUT' && /^(button|submit|reset)$/i.test(input.type) ? input.value : el.getAttribute('aria-label') || '';
  }
  return cap(text, MAX_CLICK_TEXT_CHARS);
}
