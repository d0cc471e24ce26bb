import { CustomTag, EventType, type GapPayload, type RecordedEvent } from '../../wire/index.ts';

export type GapReason = GapPayload['reason'];

/**
 * Counts events the SDK had to drop, by reason, until the recording can carry a marker for them:
 * the replay then shows a counted gap instead of silently missing time.
 */
export class GapTracker {
  private pending = new Map<GapReason, { events: number; bytes: number }>();

  get isEmpty(): boolean {
    return this.pending.size === 0;
  }

  /** Adds dropped events. Zero events and zero bytes is not a gap. */
  add(reason: GapReason, droppedEvents: number, droppedBytes: number): void {
    if (droppedEvents <= 0 && droppedBytes <= 0) return;
    const current = this.pending.get(reason) ?? { events: 0, bytes: 0 };
    this.pending.set(reason, { events: current.events + Math.max(0, droppedEvents), bytes: current.bytes + Math.max(0, droppedBytes) });
  }

  /** Puts back markers that were themselves dropped before reaching the server. */
  restore(markers: readonly GapPayload[]): void {
    for (const m of markers) this.add(m.reason, m.droppedEvents, m.droppedBytes);
  }

  /** One Custom event per reason for everything counted so far, then starts counting afresh. */
  takeMarkers(now: number): Array<{ event: RecordedEvent; payload: GapPayload }> {
    const out: Array<{ event: RecordedEvent; payload: GapPayload }> = [];
    for (const [reason, { events, bytes }] of this.pending) {
      const payload: GapPayload = { droppedEvents: events, droppedBytes: bytes, reason };
      out.push({ payload, event: { type: EventType.Custom, timestamp: now, data: { tag: CustomTag.Gap, payload } } });
    }
    this.pending.clear();
    return out;
  }
}
