import { EventType, IncrementalSource, type RecordedEvent } from '../../wire/index.ts';

/**
 * rrweb records a `<link rel="stylesheet">` that has not loaded yet with its href and no
 * `_cssText`, and sends the text as an attribute change once it has loaded. That happens to every
 * stylesheet still loading when the document turns interactive (rrweb snapshots then, not at the
 * load event) and to every stylesheet added later. A replay builds the link before it applies the
 * change, and so fetches the stylesheet from the site, wherever and whenever the replay is watched.
 *
 * So a pending stylesheet's href is held back until it loads. If rrweb could read it then, its
 * text replaces the link in the replay; if not (cross-origin without CORS), the href follows as an
 * attribute change and the replay loads it from the site, as before. One that never loads (an
 * error, a page closed first) has no effect on the page and so none on the replay.
 *
 * The client does this (see intake.ts), so it also meets links in what was recorded before it came:
 * one that has loaded since keeps its href only if rrweb could not read it.
 */
export interface PendingStylesheets {
  /** Call for every event after privacy's pass: takes the href from the pending stylesheets it records. */
  hold(event: RecordedEvent): void;
  /** No more attribute changes after this. */
  stop(): void;
}

interface SerializedNode {
  id: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
}

export interface RecordingMirror {
  nodeOf(id: number): Node | null;
  idOf(node: Node): number;
  /** What rrweb recorded of the node as of now (rrweb records a link again when it loads); undefined when it did not record it. */
  attributesOf(node: Node | null): Record<string, unknown> | undefined;
}

export function holdPendingStylesheets(mirror: RecordingMirror, emit: (event: RecordedEvent) => void): PendingStylesheets {
  // Per recording: a stopped one drops what it held.
  let held = new WeakMap<Node, string>();

  const release = (link: Node) => {
    const href = held.get(link);
    held.delete(link);
    const id = mirror.idOf(link);
    const attributes = mirror.attributesOf(link);
    if (href === undefined || id < 0 || !attributes || '_cssText' in attributes) return;
    emit({
      type: EventType.IncrementalSnapshot,
      timestamp: Date.now(),
      data: { source: IncrementalSource.Mutation, adds: [], removes: [], texts: [], attributes: [{ id, attributes: { href } }] },
    } as RecordedEvent);
  };

  const visit = (node: SerializedNode) => {
    const attributes = node.attributes;
    if (node.tagName === 'link' && attributes?.rel === 'stylesheet' && typeof attributes.href === 'string' && !('_cssText' in attributes)) {
      const link = mirror.nodeOf(node.id) as HTMLLinkElement | null;
      // A sheet that is there but unreadable (cross-origin) keeps its href: the replay needs it.
      if (link && link.sheet === null) {
        if (!held.has(link)) link.addEventListener('load', () => release(link), { once: true });
        held.set(link, attributes.href);
        delete attributes.href;
      } else if (link && '_cssText' in (mirror.attributesOf(link) ?? {})) {
        // Loaded and read since it was recorded: rrweb's change carrying its text follows.
        delete attributes.href;
      }
    }
    // Added nodes come one by one without children; only snapshots and iframe documents nest.
    if (node.childNodes) for (const child of node.childNodes) visit(child);
  };

  return {
    hold: (event) => {
      const data = event.data as { source?: number; node?: SerializedNode; adds?: { node: SerializedNode }[] };
      if (event.type === EventType.FullSnapshot) visit(data.node!);
      else if (event.type === EventType.IncrementalSnapshot && data.source === IncrementalSource.Mutation) {
        for (const add of data.adds!) visit(add.node);
      }
    },
    stop: () => {
      held = new WeakMap();
    },
  };
}
