import { EventType, IncrementalSource, type RecordedEvent } from '../../wire/index.ts';
import type { ResolvedPrivacy } from './options.ts';
import { isField, textFor, valueFor } from './rules.ts';
import { scrub } from './scrub.ts';

/**
 * rrweb 2.1.6 has no hook for attributes: it records title, placeholder, alt and aria-label as they
 * are, and a field's `value` attribute unmasked when the live value is empty (or for checkboxes and
 * radios). This pass fixes them in each event before it leaves startRecording, with the same rules
 * as text and values. It touches only attributes that carry text and looks the element up only
 * when one is present, so a snapshot costs one walk over the serialized tree.
 */

/** Attributes whose text is shown (or read out) like page text. */
const TEXT_ATTRIBUTES = new Set(
  'title alt placeholder label aria-label aria-description aria-placeholder aria-valuetext'.split(' '),
);

interface SerializedNode {
  type: number;
  id: number;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
}

type NodeOf = (id: number) => Node | null;

/** Node types in rrweb's serialized DOM. */
const ELEMENT = 2;
const TEXT = 3;

/** Masks or scrubs attribute text in one rrweb event, in place. */
export function sanitizeEvent(event: RecordedEvent, p: ResolvedPrivacy, nodeOf: NodeOf): void {
  const data = event.data as Record<string, any>;
  if (event.type === EventType.FullSnapshot) walk(data.node, p, nodeOf);
  if (event.type !== EventType.IncrementalSnapshot) return;
  if (data.source === IncrementalSource.Mutation) {
    for (const add of data.adds) {
      walk(add.node, p, nodeOf);
      if (add.node.type === TEXT) shadowText(add.node, 'textContent', p, nodeOf);
    }
    for (const text of data.texts) shadowText(text, 'value', p, nodeOf);
    for (const change of data.attributes) clean(change.id, change.attributes, p, nodeOf);
  } else if (data.source === IncrementalSource.Input && typeof data.text === 'string') {
    // rrweb sends checkbox and radio values without asking maskInputFn.
    const el = nodeOf(data.id) as HTMLInputElement | null;
    if (!el || el.type === 'checkbox' || el.type === 'radio') data.text = valueFor(el, data.text, p);
  }
}

function walk(node: SerializedNode, p: ResolvedPrivacy, nodeOf: NodeOf): void {
  if (node.type === ELEMENT) clean(node.id, node.attributes!, p, nodeOf);
  if (node.childNodes) for (const child of node.childNodes) walk(child, p, nodeOf);
}

function clean(id: number, attributes: Record<string, unknown>, p: ResolvedPrivacy, nodeOf: NodeOf): void {
  let el: Element | null | undefined;
  for (const name in attributes) {
    const value = attributes[name];
    if (typeof value !== 'string' || !value) continue;
    // An iframe's srcdoc is a whole HTML document in one attribute, none of it masked; its
    // document is recorded (and masked) on its own, so the attribute is dropped.
    if (name === 'srcdoc') {
      attributes[name] = '';
      continue;
    }
    // A URL is only scrubbed (a mailto: address, say).
    if (name === 'href') attributes[name] = scrub(value);
    else if (name === 'value' || TEXT_ATTRIBUTES.has(name)) {
      if (el === undefined) el = nodeOf(id) as Element | null;
      if (name !== 'value') attributes[name] = textFor(el, value, p);
      // Other elements' value (option, li, meter…) is neither shown nor typed. Unknown: masked.
      else if (!el || isField(el)) attributes[name] = valueFor(el, value, p);
    }
  }
}

/**
 * rrweb leaves a text change unmasked when the text sits directly in a shadow root (it has no
 * parent element to test): such text follows its host's rules.
 */
function shadowText(item: Record<string, unknown>, key: string, p: ResolvedPrivacy, nodeOf: NodeOf): void {
  const node = nodeOf(item.id as number);
  const text = item[key];
  if (node && !node.parentElement && typeof text === 'string') {
    item[key] = textFor((node.parentNode as ShadowRoot | null)?.host ?? null, text, p);
  }
}
