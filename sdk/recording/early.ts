/**
 * The recording init() starts at once, before the client (sdk/main.ts: session, batching,
 * compression, upload) has loaded. rrweb and the capture modules run from the first moment; their
 * events wait here in order, and the client takes the running recording over when it starts, so
 * nothing recorded meanwhile is lost.
 */
import { EventType, type CustomPayloads, type CustomTag, type RecordedEvent } from '../../wire/index.ts';
import { clickFacts } from '../capture/clicks/index.ts';
import { installCapture, type Capture } from '../capture/index.ts';
import { requestFacts } from '../capture/network/request.ts';
import { MAX_EARLY_EVENTS } from '../constants.ts';
import type { RecordingSettings } from '../options.ts';
import { textForSignal } from '../privacy/text.ts';
import type { RecordingMirror } from './pendingStylesheets.ts';
import { mirror, startRecording, type StartRecording } from './startRecording.ts';

export type SignalSink = <T extends CustomTag>(tag: T, payload: CustomPayloads[T]) => void;

export interface EarlyRecording {
  /** The client's StartRecording: the first call takes the running recording over (what it recorded is emitted at once). */
  startRecording: StartRecording;
  /** Sends capture signals to `emit` from now on and hands the capture modules over. */
  takeCapture(emit: SignalSink): Capture;
  /** window.fetch as it was before network capture wrapped it: the SDK's own requests are not the page's. */
  fetch: typeof window.fetch;
  /** What rrweb recorded (the client's stylesheet and asset capture read it). */
  mirror: RecordingMirror;
  /** What click capture noted of each click (the client derives rage and dead clicks). */
  clickFacts: typeof clickFacts;
  /** What network capture saw of each request (the client makes its payload). */
  requestFacts: typeof requestFacts;
  /** stop() before the client came: records nothing more, keeps what waits for the client. */
  stop(): void;
  /** After the client started: stops whatever it did not take over, and drops what still waits. */
  release(): void;
}

/** Starts rrweb and capture for `options`; null when rrweb could not start. */
export function startEarly(options: RecordingSettings): EarlyRecording | null {
  const fetch = window.fetch.bind(window);
  let waiting: Array<[RecordedEvent, boolean]> | null = [];
  let target: ((event: RecordedEvent, isCheckout: boolean) => void) | null = null;
  let signalTarget: SignalSink | null = null;
  let adopted = false;

  const emit = (event: RecordedEvent, isCheckout: boolean) => {
    if (target) target(event, isCheckout);
    else if (waiting && waiting.push([event, isCheckout]) > MAX_EARLY_EVENTS) {
      // The client is very late: bound the memory. It starts with a fresh snapshot instead.
      stopRrweb();
      waiting = null;
    }
  };
  let rrweb = startRecording({ privacy: options.privacy, checkoutEveryMs: options.checkoutEveryMs, recordCanvas: options.recordCanvas, emit });
  if (!rrweb) return null;
  const stopRrweb = () => {
    const stop = rrweb;
    rrweb = null;
    stop?.();
  };
  let capture: Capture | null = installCapture(options.capture, {
    // The client scrubs their free page text (recording/intake.ts).
    emit: (tag, payload) => {
      if (signalTarget) signalTarget(tag, payload);
      else emit({ type: EventType.Custom, timestamp: Date.now(), data: { tag, payload } }, false);
    },
    now: () => Date.now(),
    maskText: (element, text) => textForSignal(element, text, options.privacy),
  });

  const stop = () => {
    stopRrweb();
    capture?.uninstall();
    capture = null;
  };

  return {
    startRecording: (recording) => {
      if (adopted || !waiting) return startRecording(recording);
      adopted = true;
      const events = waiting;
      waiting = null;
      target = recording.emit;
      for (const [event, isCheckout] of events) recording.emit(event, isCheckout);
      const stop = rrweb ?? (() => {});
      rrweb = null;
      return stop;
    },
    takeCapture: (sink) => {
      signalTarget = sink;
      // Nothing to take after stop(): the client is about to stop too.
      const taken = capture ?? { add: () => {}, uninstall: () => {} };
      capture = null;
      return taken;
    },
    fetch,
    mirror,
    clickFacts,
    requestFacts,
    stop,
    release: () => {
      stop();
      waiting = null;
    },
  };
}
