import { MAX_SELECTOR_CHARS, SELECTOR_MAX_ANCESTORS } from '../constants.ts';

/** The parts of an Element the selector reads (so tests can pass tiny objects). */
export interface ElementLike {
  tagName: string;
  id: string;
  parentElement: ElementLike | null;
  children?: ArrayLike<ElementLike>;
  getAttribute(name: string): string | null;
}

/**
 * Ids and classes that look generated (React/MUI ids, CSS-module or CSS-in-JS hashes) change between
 * builds and read poorly, so the selector leaves them out: 3+ digits in a row, a leading digit, a
 * colon, 8+ hex characters, or a css-/sc-/jsx-/svelte- prefix.
 */
export const looksGenerated = (name: string): boolean => /\d{3}|^\d|:|[\da-f]{8}|^(css|sc|jsx|svelte)-/i.test(name);

const escape = (name: string): string => name.replace(/[^\w-]/g, '\\$&');

/**
 * One step: #id when the id reads well, else the tag and up to 2 readable classes, plus
 * :nth-of-type when the parent has other children with the same tag.
 */
function selectorPart(el: ElementLike): string {
  if (el.id && !looksGenerated(el.id)) return '#' + escape(el.id);
  let part = el.tagName.toLowerCase();
  for (const c of (el.getAttribute('class') || '').split(/\s+/).filter((c) => c && !looksGenerated(c)).slice(0, 2)) {
    part += '.' + escape(c);
  }
  const siblings = Array.from((el.parentElement && el.parentElement.children) || []).filter((s) => s.tagName == el.tagName);
  return siblings.length > 1 ? `${part}:nth-of-type(${siblings.indexOf(el) + 1})` : part;
}

/**
 * A short readable CSS selector: the element and up to SELECTOR_MAX_ANCESTORS ancestors joined by
 * " > ", stopping at the first readable id and below <body> (a click on <body> itself gives "body").
 */
export function buildSelector(el: ElementLike): string {
  const parts: string[] = [];
  for (let cur: ElementLike | null = el; cur && parts.length <= SELECTOR_MAX_ANCESTORS && !/^(html|body)$/i.test(cur.tagName); cur = cur.parentElement) {
    parts.unshift(selectorPart(cur));
    if (parts[0]![0] == '#') break;
  }
  return parts.join(' > ').slice(-MAX_SELECTOR_CHARS) || el.tagName.toLowerCase();
}
