/**
 * Test double for capture modules: a ModuleContext that records what is emitted. Not bundled
 * (only tests import it).
 */
import type { CustomPayloads, CustomTag } from '../../wire/index.ts';
import type { ModuleContext } from './context.ts';
import { createGuard } from './guard.ts';

export interface Emitted {
  tag: CustomTag;
  payload: CustomPayloads[CustomTag];
}

export function recordingContext(nowMs = () => 1_000): ModuleContext & { emitted: Emitted[] } {
  const emitted: Emitted[] = [];
  return {
    emitted,
    guard: createGuard('test'),
    now: nowMs,
    maskText: (_el, text) => text,
    emit: (tag, payload) => {
      emitted.push({ tag, payload: typeof payload == 'function' ? payload() : payload });
    },
  };
}
