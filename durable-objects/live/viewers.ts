import { LIVE_PING, LIVE_PONG, type IngestBatch, type LiveMessage } from '../../wire/index.ts';
import { logEvent } from '../../workers/log.ts';
import type { TabBatches } from './catch-up.ts';
import { endedFrame, eventFrames } from './frames.ts';

/** What each viewer's socket carries through hibernation. */
interface ViewerAttachment {
  connectedAt: number;
}

export const CLOSE_SESSION_ENDED = 1000;
/** A viewer only listens; anything but a keep-alive ping from it is a protocol misuse. */
export const CLOSE_VIEWERS_ONLY_LISTEN = 1003;

/**
 * The live viewers of one session DO, as hibernatable WebSockets: the object sleeps between
 * batches with its viewers still connected, and keep-alive pings are answered without waking it.
 */
export class LiveViewers {
  private readonly ctx: DurableObjectState;

  constructor(ctx: DurableObjectState) {
    this.ctx = ctx;
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(LIVE_PING, LIVE_PONG));
  }

  /** At least one viewer is connected: the SDK then flushes every LIVE_FLUSH_INTERVAL_MS. */
  get watching(): boolean {
    return this.open().length > 0;
  }

  /**
   * Accepts a viewer and sends its catch-up before returning, in the caller's synchronous turn,
   * so a batch stored meanwhile is either in the catch-up or pushed later, never both or neither.
   * A session that has ended gets `ended` at once.
   */
  accept(catchUp: TabBatches[] | 'ended', now: number): Response {
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ connectedAt: now } satisfies ViewerAttachment);
    if (catchUp === 'ended') {
      server.send(endedFrame());
      server.close(CLOSE_SESSION_ENDED, 'session ended');
    } else {
      for (const { tab, batches, assets } of catchUp) {
        if (assets.length > 0) server.send(JSON.stringify({ type: 'assets', tab, assets } satisfies LiveMessage));
        for (const { seq, events } of batches) for (const frame of eventFrames(tab, seq, events)) server.send(frame);
      }
    }
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * Pushes a stored batch to every viewer as it arrives, even ahead of a batch with a lower seq:
   * the viewer puts it in its place (see LiveMessage). Its JSON is parsed only when someone watches.
   */
  broadcast(tab: string, seq: number, batchJson: string): void {
    const viewers = this.open();
    if (viewers.length === 0) return;
    const frames = eventFrames(tab, seq, (JSON.parse(batchJson) as IngestBatch).events);
    for (const viewer of viewers) sendAll(viewer, frames);
  }

  /** The session was written out: every viewer gets `ended` and is closed. */
  end(): void {
    for (const viewer of this.open()) {
      sendAll(viewer, [endedFrame()]);
      viewer.close(CLOSE_SESSION_ENDED, 'session ended');
    }
  }

  onMessage(viewer: WebSocket): void {
    viewer.close(CLOSE_VIEWERS_ONLY_LISTEN, 'viewers only listen');
  }

  /** The runtime leaves the close handshake to us for hibernatable sockets. */
  onClose(viewer: WebSocket, code: number, now: number): void {
    const attachment = viewer.deserializeAttachment() as ViewerAttachment | null;
    logEvent('live.viewer_closed', { code, watchedMs: attachment ? now - attachment.connectedAt : null });
    // 1005/1006/1015 only describe a close; they may not be sent back.
    const reply = code === 1005 || code === 1006 || code === 1015 ? 1000 : code;
    try {
      viewer.close(reply, 'closing');
    } catch {
      // already closed from our side
    }
  }

  private open(): WebSocket[] {
    return this.ctx.getWebSockets().filter((ws) => ws.readyState === WebSocket.OPEN);
  }
}

/** A viewer that went away mid-send must not stop the batch reaching the others (or the ingest that called us). */
function sendAll(viewer: WebSocket, frames: string[]): void {
  try {
    for (const frame of frames) viewer.send(frame);
  } catch {
    // its close event follows
  }
}
