import type { CustomPayloads, CustomTag } from '../../wire/index.ts';
import type { ResolvedCapture } from './options.ts';

/** Where capture modules send their signals; the client turns them into rrweb Custom events. */
export interface CaptureSink {
  emit<T extends CustomTag>(tag: T, payload: CustomPayloads[T]): void;
  now(): number;
  /** The element's text as a signal may show it: masked exactly as the replay masks it. */
  maskText(element: Element, text: string): string;
}

/** Installs console, error, network, navigation and click capture; returns the uninstall function. */
export function installCapture(_options: ResolvedCapture, _sink: CaptureSink): () => void {
  return () => {};
}
