import { record } from '@rrweb/record';
import type { RecordedEvent } from '../../wire/index.ts';
import {
  MEDIA_SAMPLE_MS,
  MOUSEMOVE_EMIT_MS,
  MOUSEMOVE_SAMPLE_MS,
  SCROLL_SAMPLE_MS,
} from '../constants.ts';
import { sanitizeEvent } from '../privacy/events.ts';
import { privacyRecordOptions } from '../privacy/recordOptions.ts';
import type { ResolvedPrivacy } from '../privacy/options.ts';
import { watchPasswordFields } from '../privacy/password.ts';
import { warnOnce } from '../util/warn.ts';
import { canvasRecordOptions } from './canvas.ts';
import type { RecordingMirror } from './pendingStylesheets.ts';

export interface RecordingOptions {
  privacy: ResolvedPrivacy;
  checkoutEveryMs: number;
  /** Record what is drawn on canvases (see canvas.ts). */
  recordCanvas: boolean;
  /** Called for every rrweb event; `isCheckout` marks the Meta + FullSnapshot of a periodic checkout. */
  emit: (event: RecordedEvent, isCheckout: boolean) => void;
}

/** Starts a recording; returns its stop function, or null when rrweb could not start. */
export type StartRecording = (options: RecordingOptions) => (() => void) | null;

/**
 * rrweb record() with the SDK's privacy and sampling defaults. Each call takes a fresh full
 * snapshot; rrweb keeps one recording per page, so stop the previous one first.
 */
export const startRecording: StartRecording = (options) => {
  const { privacy } = options;
  const nodeOf = mirror.nodeOf;
  const blocked = new Set<number>();
  const recordWith = (canvas: ReturnType<typeof canvasRecordOptions>) =>
    record<RecordedEvent>({
      emit: (event, isCheckout) => {
        // rrweb has no hook for attributes: they are masked here. Should this throw, the event is
        // never passed on, and rrweb's errorHandler below sees the error.
        sanitizeEvent(event, privacy, nodeOf, blocked);
        options.emit(event, isCheckout === true);
      },
      ...privacyRecordOptions(privacy, canvas.recordCanvas),
      inlineStylesheet: true,
      checkoutEveryNms: options.checkoutEveryMs,
      recordCanvas: canvas.recordCanvas,
      dataURLOptions: canvas.dataURLOptions,
      sampling: {
        mousemove: MOUSEMOVE_SAMPLE_MS,
        mousemoveCallback: MOUSEMOVE_EMIT_MS,
        scroll: SCROLL_SAMPLE_MS,
        media: MEDIA_SAMPLE_MS,
        ...canvas.sampling,
      },
      // rrweb calls this for errors inside its observers; true means handled, keep recording.
      errorHandler: (error: unknown) => {
        warnOnce('rrweb-observer', 'recorder error (recording continues)', error);
        return true;
      },
    });
  let stop: (() => void) | undefined;
  try {
    stop = recordWith(canvasRecordOptions(options.recordCanvas));
  } catch (error) {
    // rrweb builds its canvas frame Worker outside its own try/catch: where constructing a Worker
    // throws (a CSP, in some browsers), record() throws. The page is worth more than its canvases.
    if (!options.recordCanvas) throw error;
    warnOnce('record-canvas', 'canvas recording failed; recording without it', error);
    stop = recordWith(canvasRecordOptions(false));
  }
  if (!stop) return null;
  const unwatch = watchPasswordFields(document);
  return () => {
    stop();
    unwatch();
  };
};

/** rrweb's ids of the nodes it recorded and what it recorded of them (the client's stylesheet and asset capture read it). */
export const mirror: RecordingMirror = {
  nodeOf: (id) => record.mirror.getNode(id),
  idOf: (node) => record.mirror.getId(node),
  attributesOf: (node) => (node ? (record.mirror.getMeta(node) as { attributes?: Record<string, unknown> } | null)?.attributes : undefined),
};
