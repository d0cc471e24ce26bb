import type { record } from '@rrweb/record';
import type { RecordedEvent } from '../../wire/index.ts';

type RecordOptions = NonNullable<Parameters<typeof record<RecordedEvent>>[0]>;

/** recordCanvas on: each changed canvas is captured as an image at most this many times a second. */
export const CANVAS_FRAMES_PER_SECOND = 2;
/** Image format of canvas frames and of canvases in full snapshots; browsers that cannot encode it use PNG. */
export const CANVAS_IMAGE_TYPE = 'image/webp';
/** Encoder quality of canvas images, 0..1. */
export const CANVAS_IMAGE_QUALITY = 0.4;

/**
 * rrweb's canvas options. Off: nothing drawn on a canvas is recorded (the snapshot has the empty
 * element). On: a canvas's image is kept in each full snapshot (rr_dataURL), and rrweb's frame
 * mode captures it a few times a second in between, encoded in rrweb's worker and sent only when
 * it changed. Never rrweb's default mode ('all'), which records every 2D/WebGL call: it would
 * upload fillText() strings as they are and grow with every animation frame. rrweb takes frames
 * only of canvases in the top document (not in iframes or shadow roots). Canvases the privacy
 * settings block (blockAllMedia unless data-er-unblock) are recorded as placeholders either way.
 *
 * Replay limitation: @rrweb/replay 2.1 applies frames (IncrementalSource.CanvasMutation) only with
 * UNSAFE_replayCanvas, which puts allow-scripts on its iframe; the dashboard never sets it. So the
 * player shows a canvas as it was at the last full snapshot (periodic checkouts refresh it), and a
 * seek that does not rebuild from a snapshot can leave it blank (rrweb's diff re-sets its width and
 * height). The frames stay in the recording for a player that can apply them without scripts.
 */
export function canvasRecordOptions(recordCanvas: boolean): Pick<RecordOptions, 'recordCanvas' | 'dataURLOptions'> & {
  /** Merged into rrweb's `sampling`. */
  sampling: { canvas?: number };
} {
  if (!recordCanvas) return { recordCanvas: false, sampling: {} };
  return {
    recordCanvas: true,
    sampling: { canvas: CANVAS_FRAMES_PER_SECOND },
    dataURLOptions: { type: CANVAS_IMAGE_TYPE, quality: CANVAS_IMAGE_QUALITY },
  };
}
