import { EventType, type RecordedEvent } from '../../../wire/index.ts';

export interface Viewport {
  width: number;
  height: number;
}

/**
 * Recorded DOM is untrusted. rrweb builds its iframe with `sandbox="allow-same-origin"` unless
 * UNSAFE_replayCanvas is set (which we never do); this check keeps that true across upgrades.
 */
export function assertSandboxed(iframe: HTMLIFrameElement): void {
  if (!iframe.hasAttribute('sandbox') || iframe.sandbox.contains('allow-scripts')) {
    throw new UnsandboxedReplayError('Refusing to replay: the replay frame is not sandboxed against scripts.');
  }
}

export class UnsandboxedReplayError extends Error {
  override name = 'UnsandboxedReplayError';
}

/** Why a list of events cannot be replayed, or null when it can. */
export function unreplayableReason(events: readonly RecordedEvent[]): string | null {
  if (events.length < 2 || !events.some((e) => e.type === EventType.FullSnapshot)) {
    return 'This recording has no page snapshot, so there is nothing to replay.';
  }
  return null;
}

/** The viewport of the first Meta event, so the stage can be sized before rrweb reports it. */
export function firstViewport(events: readonly RecordedEvent[]): Viewport | null {
  const meta = events.find((e) => e.type === EventType.Meta);
  const data = meta?.data as Partial<Viewport> | undefined;
  if (typeof data?.width === 'number' && typeof data.height === 'number' && data.width > 0 && data.height > 0) {
    return { width: data.width, height: data.height };
  }
  return null;
}
