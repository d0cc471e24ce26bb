import type { LiveMessage, RecordedEvent } from '../../wire/index.ts';

/**
 * A frame's budget in UTF-16 code units, at most 3 UTF-8 bytes each: frames stay under the 1 MiB
 * a Worker may receive in one WebSocket message (a sane ceiling for a browser to parse at once
 * too); a larger batch goes out as several `events` messages, in order.
 */
export const MAX_FRAME_CHARS = 256 * 1024;

/**
 * The `events` messages for one batch of a tab (see LiveMessage), as JSON text ready to send to
 * every viewer. Each event is serialised once; an event larger than the budget travels alone in
 * its own frame.
 */
export function eventFrames(tab: string, seq: number, events: readonly RecordedEvent[], maxFrameChars = MAX_FRAME_CHARS): string[] {
  const head = `{"type":"events","tab":${JSON.stringify(tab)},"seq":${seq},"events":[`;
  const tail = ']}';
  const frames: string[] = [];
  let parts: string[] = [];
  let chars = head.length + tail.length;
  for (const event of events) {
    const json = JSON.stringify(event);
    if (parts.length > 0 && chars + json.length + 1 > maxFrameChars) {
      frames.push(head + parts.join(',') + tail);
      parts = [];
      chars = head.length + tail.length;
    }
    parts.push(json);
    chars += json.length + 1;
  }
  if (parts.length > 0) frames.push(head + parts.join(',') + tail);
  return frames;
}

export const endedFrame = (): string => JSON.stringify({ type: 'ended' } satisfies LiveMessage);
