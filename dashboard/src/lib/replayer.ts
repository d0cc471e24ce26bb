import { Replayer } from '@rrweb/replay';
import type { RecordedEvent } from '../../../wire/index.ts';
import { assertSandboxed, type Viewport } from './replay-guards.ts';

type ReplayerConfig = NonNullable<ConstructorParameters<typeof Replayer>[1]>;

/**
 * An rrweb Replayer for untrusted recordings, as the player and the live watch page both need it:
 * its frame may never run scripts, and it reports the recorded viewport whenever it changes.
 * Throws when rrweb cannot start, or an UnsandboxedReplayError when the frame is not sandboxed.
 */
export function createReplayer(
  events: readonly RecordedEvent[],
  root: HTMLElement,
  config: Partial<ReplayerConfig>,
  onViewport: (viewport: Viewport) => void,
): Replayer {
  const replayer = new Replayer(events as unknown as ConstructorParameters<typeof Replayer>[0], {
    ...config,
    root,
    // Never true: it adds allow-scripts to the replay iframe. Canvas frames from the SDK's
    // recordCanvas are then not applied; a canvas shows its image from the last full snapshot.
    UNSAFE_replayCanvas: false,
    // Focusing recorded inputs would pull keyboard focus away from the dashboard.
    triggerFocus: false,
    showWarning: false,
  });
  try {
    assertSandboxed(replayer.iframe);
  } catch (error) {
    replayer.destroy();
    throw error;
  }
  replayer.on('resize', (dimension) => {
    const { width, height } = dimension as Viewport;
    if (width > 0 && height > 0) onViewport({ width, height });
  });
  return replayer;
}
