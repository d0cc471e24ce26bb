import { CustomTag, EventType, customData, type CustomPayloads, type NetworkPayload, type RecordedEvent } from '../../wire/index.ts';
import { deriveClicks, type DerivedClicks } from '../capture/clicks/derived.ts';
import { createGuard } from '../capture/guard.ts';
import { finishNetwork } from '../capture/network/finish.ts';
import type { ResolvedCapture } from '../capture/options.ts';
import { scrubSignal } from '../privacy/signals.ts';
import type { Timers } from '../transport/sender.ts';
import type { EarlyRecording, SignalSink } from './early.ts';
import { isEmptyIframeAttach } from './iframes.ts';
import { holdPendingStylesheets } from './pendingStylesheets.ts';
import type { StartRecording } from './startRecording.ts';

export interface ClientIntake {
  /** early.startRecording, with what the client does to each event added. */
  startRecording: StartRecording;
  /** Where capture signals go once the client took them over, before `emit`. */
  signals(emit: SignalSink): SignalSink;
  stop(): void;
}

/**
 * What the client does to everything recorder.js hands it, what was recorded before it loaded
 * included: recorder.js keeps what can wait until then out of the first load. It drops rrweb's
 * empty iframe attaches (iframes.ts), holds back the href of stylesheets still loading
 * (pendingStylesheets.ts), derives rage and dead clicks (capture/clicks/derived.ts), makes the
 * payloads of recorded requests (capture/network/finish.ts) and scrubs the free page text of
 * captured signals (privacy/signals.ts). Nothing is uploaded before this has run.
 */
export function clientIntake(
  early: Pick<EarlyRecording, 'startRecording' | 'mirror' | 'clickFacts' | 'requestFacts'>,
  capture: ResolvedCapture,
  timers: Timers,
): ClientIntake {
  let emitSignal: SignalSink | null = null;
  // Rage and dead clicks of the clicks recorded before the client came may end before `signals`.
  const waiting: Array<[CustomTag, never]> = [];
  const derived: DerivedClicks | null = capture.clicks
    ? deriveClicks(early.clickFacts, (tag, payload) => (emitSignal ? emitSignal(tag, payload) : waiting.push([tag, payload as never])))
    : null;
  let timer: unknown;
  let armedFor: number | null = null;
  const guard = createGuard('clicks');
  // One timer, moved only when what is due next changes (most events change nothing).
  const arm = () => {
    const due = derived!.due();
    if (due === armedFor) return;
    timers.clearTimeout(timer);
    armedFor = due;
    if (due !== null) timer = timers.setTimeout(settle, Math.max(0, due - Date.now()));
  };
  const settle = guard(() => {
    armedFor = null;
    derived!.settle(Date.now());
    arm();
  });
  const observe = derived
    ? guard((event: RecordedEvent) => {
        derived.observe(event);
        arm();
      })
    : () => {};

  /** A captured signal as it is uploaded, or null when it is not to be. */
  const take = <T extends CustomTag>(tag: T, payload: CustomPayloads[T]): CustomPayloads[T] | null => {
    if (tag === CustomTag.Network) {
      // Network signals come only with network capture on.
      const finished = finishNetwork(payload as NetworkPayload, early.requestFacts.get(payload as NetworkPayload), capture.network!);
      if (!finished) return null;
    }
    return scrubSignal(payload);
  };

  return {
    startRecording: (options) => {
      const stylesheets = holdPendingStylesheets(early.mirror, (event) => options.emit(event, false));
      const stop = early.startRecording({
        ...options,
        emit: (event, isCheckout) => {
          if (isEmptyIframeAttach(event)) return;
          observe(event);
          // Signals captured before the client came wait as Custom events.
          const signal = customData(event);
          if (signal) {
            const payload = take(signal.tag, signal.payload);
            if (!payload) return;
            signal.payload = payload;
          }
          stylesheets.hold(event);
          options.emit(event, isCheckout);
        },
      });
      return (
        stop &&
        (() => {
          stop();
          stylesheets.stop();
        })
      );
    },
    signals: (emit) => {
      emitSignal = (tag, payload) => {
        const taken = take(tag, payload);
        if (taken) emit(tag, taken);
      };
      for (const [tag, payload] of waiting.splice(0)) emitSignal(tag, payload);
      return (tag, payload) => {
        emitSignal!(tag, payload);
        observe({ type: EventType.Custom, timestamp: Date.now(), data: { tag, payload } });
      };
    },
    stop: () => {
      guard.off = true;
      timers.clearTimeout(timer);
    },
  };
}
