import { EventType, IncrementalSource, type RecordedEvent } from '../../wire/index.ts';
import { MEDIA_TAGS, type ResolvedPrivacy } from './options.ts';
import { isField, textFor, valueFor } from './rules.ts';
import { scrub } from './scrub.ts';

/**
 * rrweb 2.1.6 has no hook for attributes: it records title, placeholder, alt and aria-label as they
 * are, and a field's `value` attribute unmasked when the live value is empty (or for checkboxes and
 * radios). This pass fixes them in each event before it leaves startRecording, with the same rules
 * as text and values. It touches only attributes that carry text and looks the element up only
 * when one is present, so a snapshot costs one walk over the serialized tree.
 *
 * blockAllMedia's placeholders are made here too, not by rrweb's blockSelector: rrweb tests that
 * selector against every mutated node and all its ancestors, and with the seven media tags in it
 * that walk was the recorder's largest cost on busy pages. A media element arrives serialized
 * once (snapshot or added node); it keeps only its class and size, as rrweb's own placeholders do,
 * and its id joins `blocked` so that nothing later about it or inside it is recorded.
 */

/** Attributes whose text is shown (or read out) like page text. */
const TEXT_ATTRIBUTES = new Set(
  'title alt placeholder label aria-label aria-description aria-placeholder aria-valuetext'.split(' '),
);

interface SerializedNode {
  type: number;
  id: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
}

type NodeOf = (id: number) => Node | null;

const MEDIA = new Set(MEDIA_TAGS);

/** Node types in rrweb's serialized DOM. */
const ELEMENT = 2;
const TEXT = 3;

/**
 * Masks or scrubs attribute text in one rrweb event, in place, and turns blocked media into
 * placeholders. `blocked` holds the ids of placeholders and their former contents: keep one per
 * recording.
 */
export function sanitizeEvent(event: RecordedEvent, p: ResolvedPrivacy, nodeOf: NodeOf, blocked = new Set<number>()): void {
  const data = event.data as Record<string, any>;
  if (event.type === EventType.FullSnapshot) {
    blocked.clear();
    walk(data.node, p, nodeOf, blocked);
  }
  if (event.type !== EventType.IncrementalSnapshot) return;
  if (data.source === IncrementalSource.Mutation) {
    data.adds = data.adds.filter((add: { parentId: number; node: SerializedNode }) => {
      if (blocked.has(add.parentId)) return !forget(add.node, blocked);
      walk(add.node, p, nodeOf, blocked);
      if (add.node.type === TEXT) shadowText(add.node as unknown as Record<string, unknown>, 'textContent', p, nodeOf);
      return true;
    });
    data.texts = data.texts.filter((text: { id: number }) => !blocked.has(text.id));
    for (const text of data.texts) shadowText(text, 'value', p, nodeOf);
    data.attributes = data.attributes.filter(
      (change: { id: number; attributes: Record<string, unknown> }) => !blocked.has(change.id) && !nowBlockedMedia(change, p, nodeOf, blocked),
    );
    for (const change of data.attributes) clean(change.id, change.attributes, p, nodeOf);
  } else if (data.source === IncrementalSource.Input && typeof data.text === 'string') {
    // rrweb sends checkbox and radio values without asking maskInputFn.
    const el = nodeOf(data.id) as HTMLInputElement | null;
    if (!el || el.type === 'checkbox' || el.type === 'radio') data.text = valueFor(el, data.text, p);
  }
}

function walk(node: SerializedNode, p: ResolvedPrivacy, nodeOf: NodeOf, blocked: Set<number>): void {
  if (node.type === ELEMENT) {
    if (p.blockAllMedia && MEDIA.has(node.tagName!) && !('data-er-unblock' in node.attributes!)) return placeholder(node, nodeOf, blocked);
    clean(node.id, node.attributes!, p, nodeOf);
  }
  if (node.childNodes) for (const child of node.childNodes) walk(child, p, nodeOf, blocked);
}

/**
 * Keeps a media element's class and size only, as rrweb does for what it blocks. In place: rrweb's
 * mirror holds the same object (asset capture reads what it recorded).
 */
function placeholder(node: SerializedNode, nodeOf: NodeOf, blocked: Set<number>): void {
  const attributes = node.attributes!;
  const { class: className } = attributes;
  for (const name in attributes) delete attributes[name];
  if (className !== undefined) attributes.class = className;
  const box = (nodeOf(node.id) as Element | null)?.getBoundingClientRect();
  attributes.rr_width = `${box ? box.width : 0}px`;
  attributes.rr_height = `${box ? box.height : 0}px`;
  forget(node, blocked);
  if (node.childNodes) node.childNodes.length = 0;
}

/** Adds the ids of `node` and everything inside it to `blocked`. True, for filter(). */
function forget(node: SerializedNode, blocked: Set<number>): true {
  blocked.add(node.id);
  if (node.childNodes) for (const child of node.childNodes) forget(child, blocked);
  return true;
}

/**
 * A media element recorded while marked data-er-unblock whose marker is gone: blocked from now on.
 * Only a change of the marker itself can do that, so other attribute changes skip the lookup.
 */
function nowBlockedMedia(change: { id: number; attributes: Record<string, unknown> }, p: ResolvedPrivacy, nodeOf: NodeOf, blocked: Set<number>): boolean {
  if (!p.blockAllMedia || !('data-er-unblock' in change.attributes)) return false;
  const id = change.id;
  const el = nodeOf(id) as Element | null;
  if (!el || !MEDIA.has(el.localName) || el.hasAttribute('data-er-unblock')) return false;
  blocked.add(id);
  return true;
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
