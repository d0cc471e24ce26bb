import { EventType, type RecordedEvent } from '../../wire/index.ts';

/** rrweb's serialized node type of a Document. */
const DOCUMENT_NODE = 0;

/**
 * True for rrweb attaching an iframe's document that has no nodes yet. For an iframe added with
 * srcdoc (or no src), rrweb attaches its document after a zero timeout and again at its load
 * event. If the first attach catches the new document before the parser has added anything, the
 * second sends the same document (same id) with its content, and @rrweb/replay skips a document it
 * already has: the iframe would replay empty. Without the empty attach, the full one is built.
 */
export function isEmptyIframeAttach(event: RecordedEvent): boolean {
  if (event.type !== EventType.IncrementalSnapshot) return false;
  // Only rrweb's mutation events carry isAttachIframe.
  const data = event.data as { isAttachIframe?: unknown; adds?: { node?: { type?: unknown; childNodes?: unknown[] } }[] } | null;
  const node = data?.isAttachIframe === true && data.adds?.length === 1 ? data.adds[0]?.node : undefined;
  return node?.type === DOCUMENT_NODE && node.childNodes?.length === 0;
}
