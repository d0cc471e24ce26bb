/**
 * An in-memory BroadcastChannel for tests: a message reaches every other open channel of the hub
 * in a later microtask, like the real one. Not bundled.
 */
import type { ChannelLike } from '../tab/presence.ts';

export class FakeChannelHub {
  private channels = new Set<FakeChannel>();
  /** Every message posted on any channel of the hub. */
  readonly posted: unknown[] = [];

  get openCount(): number {
    return this.channels.size;
  }

  open = (): ChannelLike => {
    const channel = new FakeChannel(this);
    this.channels.add(channel);
    return channel;
  };

  deliver(from: FakeChannel, message: unknown): void {
    this.posted.push(message);
    const copy: unknown = structuredClone(message);
    for (const channel of this.channels) {
      if (channel === from) continue;
      queueMicrotask(() => {
        if (this.channels.has(channel)) channel.onmessage?.({ data: copy });
      });
    }
  }

  remove(channel: FakeChannel): void {
    this.channels.delete(channel);
  }
}

class FakeChannel implements ChannelLike {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  private readonly hub: FakeChannelHub;
  constructor(hub: FakeChannelHub) {
    this.hub = hub;
  }
  postMessage(message: unknown): void {
    this.hub.deliver(this, message);
  }
  close(): void {
    this.hub.remove(this);
  }
}
