import { EventType, type RecordedEvent } from '../../wire/index.ts';
import { serializeEvent } from './serializeEvent.ts';

/**
 * Events held while nothing may be uploaded: before the sampling decision and in buffer mode.
 *
 * Kept as segments, each starting at a full snapshot (rrweb's Meta + FullSnapshot), so trimming
 * drops whole segments from the front and what remains always starts where a replay can start.
 * Only the first segment may lack a snapshot (events that came before the first one).
 */
interface Segment {
  /** Timestamp of the segment's first event. */
  startsAt: number;
  /** Starts with a full snapshot (its first event is Meta or FullSnapshot and one follows). */
  replayable: boolean;
  parts: string[];
  bytes: number;
  lastType: number;
}

export interface TrimResult {
  /** Events dropped by this trim. */
  droppedEvents: number;
  /**
   * The byte cap forced dropping every snapshot: what remains cannot be replayed until a fresh
   * full snapshot is taken.
   */
  needsCheckout: boolean;
}

export class RingBuffer {
  private segments: Segment[] = [];
  private bytes = 0;
  private events = 0;
  private readonly maxBytes: number;

  /** `maxBytes`: cap on the serialized size (UTF-16 code units of the JSON). */
  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  get count(): number {
    return this.events;
  }

  get serializedBytes(): number {
    return this.bytes;
  }

  /** True when the oldest kept event opens a full snapshot. */
  get startsAtSnapshot(): boolean {
    return this.segments[0]?.replayable ?? false;
  }

  /** Timestamp of the oldest kept event, or null when empty. */
  get oldestTimestamp(): number | null {
    return this.segments[0]?.startsAt ?? null;
  }

  /** Timestamps where kept segments start, oldest first (for tests and diagnostics). */
  get segmentStarts(): number[] {
    return this.segments.map((s) => s.startsAt);
  }

  /** Adds one event; false (and nothing added) when it cannot be serialized. */
  add(event: RecordedEvent): boolean {
    const json = serializeEvent(event);
    if (json === null) return false;
    const current = this.segments[this.segments.length - 1];
    const opensSnapshot =
      event.type === EventType.Meta || (event.type === EventType.FullSnapshot && current?.lastType !== EventType.Meta);
    let segment = current;
    if (!segment || opensSnapshot) {
      segment = { startsAt: event.timestamp, replayable: false, parts: [], bytes: 0, lastType: -1 };
      this.segments.push(segment);
    }
    const opensSegment = segment.parts.length === 0 || (segment.parts.length === 1 && segment.lastType === EventType.Meta);
    if (event.type === EventType.FullSnapshot && opensSegment) segment.replayable = true;
    segment.parts.push(json);
    segment.bytes += json.length;
    segment.lastType = event.type;
    this.bytes += json.length;
    this.events++;
    return true;
  }

  /**
   * Drops what is no longer needed. With `windowMs`, segments are dropped while the next one
   * starts at or before `now - windowMs`: the rest still covers the whole window and starts at a
   * snapshot. Then, over the byte cap, the oldest segments go; when a single segment is over the
   * cap, everything goes and `needsCheckout` is set.
   */
  trim(now: number, windowMs: number | null): TrimResult {
    let droppedEvents = 0;
    const dropFirst = () => {
      const s = this.segments.shift()!;
      this.bytes -= s.bytes;
      this.events -= s.parts.length;
      droppedEvents += s.parts.length;
    };
    if (windowMs !== null) {
      const cutoff = now - windowMs;
      while (this.segments.length >= 2 && this.segments[1].replayable && this.segments[1].startsAt <= cutoff) dropFirst();
    }
    while (this.bytes > this.maxBytes && this.segments.length >= 2) dropFirst();
    let needsCheckout = false;
    if (this.bytes > this.maxBytes) {
      droppedEvents += this.events;
      this.clear();
      needsCheckout = true;
    }
    return { droppedEvents, needsCheckout };
  }

  /** Removes and returns the serialized events, oldest first. */
  take(): string[] {
    const parts = this.segments.flatMap((s) => s.parts);
    this.clear();
    return parts;
  }

  clear(): void {
    this.segments = [];
    this.bytes = 0;
    this.events = 0;
  }
}
