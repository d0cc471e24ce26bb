import { CustomTag, EventType, IncrementalSource, customData, type ClickPayload, type CustomPayloads, type RecordedEvent } from '../../../wire/index.ts';
import { DEAD_CLICK_WINDOW_MS, RAGE_CLICK_WINDOW_MS } from '../constants.ts';
import { createRageTracker } from './rage.ts';

/** What recorder.js noted of a click beside its payload (see index.ts). */
export interface ClickFacts {
  /** The element the click is reported on. */
  target: Element;
  /** An interactive element was clicked the way that is expected to do something (dead.ts). */
  deadCandidate: boolean;
}

/** rrweb's IncrementalSource.Scroll, and its MouseInteractions.Focus. */
const SCROLL = 3;
const FOCUS = 5;

/**
 * Whether an event shows the page responded to a click: a DOM mutation, a scroll, an input, a
 * focus move (rrweb records each) or a URL change (a Navigation signal).
 */
function isResponse(event: RecordedEvent): boolean {
  if (event.type === EventType.Custom) return customData(event)?.tag === CustomTag.Navigation;
  if (event.type !== EventType.IncrementalSnapshot) return false;
  const data = event.data as { source?: number; type?: number };
  return (
    data.source === IncrementalSource.Mutation ||
    data.source === SCROLL ||
    data.source === IncrementalSource.Input ||
    (data.source === IncrementalSource.MouseInteraction && data.type === FOCUS)
  );
}

type Emit = <T extends CustomTag>(tag: T, payload: CustomPayloads[T]) => void;

export interface DerivedClicks {
  /** Every event of the recording, in order, those recorded before the client came included. */
  observe(event: RecordedEvent): void;
  /** Ends what is due by `nowMs` (a burst without more clicks, a dead-click window without a response). */
  settle(nowMs: number): void;
  /** When settle() has something to end next, or null. */
  due(): number | null;
}

/**
 * Rage and dead clicks, derived by the client from the recording: recorder.js only captures the
 * clicks (what needs the page at the moment of the click) and the client works out the rest from
 * the events that follow, so this loads with the client. Clicks come as their Click signals,
 * found in `facts`; times are the events' own, so events recorded before the client came count
 * as they happened.
 *
 * A burst of clicks rages as createRageTracker says. A dead-click check starts at a candidate click
 * (one at a time) and the click is dead when DEAD_CLICK_WINDOW_MS pass without a response after
 * it in the recording. "After" is the order of the events, not their times: the focus a press
 * gives comes before the click, a handler's change after it, often within the same millisecond.
 */
export function deriveClicks(facts: WeakMap<ClickPayload, ClickFacts>, emit: Emit): DerivedClicks {
  const rage = createRageTracker();
  /** Time of the last click while its burst is open, else null. */
  let lastClickAt: number | null = null;
  let check: { payload: ClickPayload; atMs: number } | null = null;
  const settle = (nowMs: number) => {
    if (lastClickAt !== null && nowMs > lastClickAt + RAGE_CLICK_WINDOW_MS) {
      lastClickAt = null;
      const raged = rage.end();
      if (raged) emit(CustomTag.RageClick, raged);
    }
    if (check && nowMs >= check.atMs + DEAD_CLICK_WINDOW_MS) {
      emit(CustomTag.DeadClick, check.payload);
      check = null;
    }
  };
  return {
    settle,
    due: () => {
      const burstEnds = lastClickAt === null ? Infinity : lastClickAt + RAGE_CLICK_WINDOW_MS + 1;
      const next = Math.min(burstEnds, check ? check.atMs + DEAD_CLICK_WINDOW_MS : Infinity);
      return next === Infinity ? null : next;
    },
    observe: (event) => {
      settle(event.timestamp);
      if (check && isResponse(event)) check = null;
      const signal = customData(event);
      const click = signal?.tag === CustomTag.Click ? facts.get(signal.payload as ClickPayload) : undefined;
      if (!click) return;
      const payload = signal!.payload as ClickPayload;
      const raged = rage.click(click.target, payload, event.timestamp);
      if (raged) emit(CustomTag.RageClick, raged);
      lastClickAt = event.timestamp;
      if (click.deadCandidate && !check) check = { payload, atMs: event.timestamp };
    },
  };
}
