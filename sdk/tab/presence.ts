/**
 * Finds duplicated tabs. "Duplicate tab" (and some window.open calls) copy sessionStorage, so the
 * copy would continue the original's session id and seq numbers and the server would drop one
 * tab's batches as duplicates.
 *
 * Every recording page answers, on a BroadcastChannel, for the session it records. A page that
 * is about to continue a stored session first asks whether a live page already records it; if
 * one answers, this page is a copy and starts a new session. A reload asks too, but the page it
 * replaces is gone and cannot answer.
 *
 * Two pages asking at the same moment (both still deciding): the one with the smaller nonce
 * answers, so exactly one keeps the session.
 */
import type { Timers } from '../transport/sender.ts';

/** The part of BroadcastChannel used here. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}

interface Question {
  t: 'edge-replay:who';
  sessionId: string;
  /** The asking page's nonce. */
  from: string;
}

interface Answer {
  t: 'edge-replay:mine';
  sessionId: string;
  /** The nonce of the page that asked. */
  to: string;
}

export class TabPresence {
  private readonly openChannel: () => ChannelLike | null;
  private readonly nonce: string;
  private readonly timers: Timers;
  private channel: ChannelLike | null = null;
  private sessionId: string | null = null;
  /** This page has settled on `sessionId` (answers always) rather than still asking about it. */
  private settled = false;
  private pending: { sessionId: string; finish: (inUse: boolean) => void } | null = null;

  /** `nonce`: random and different for every page load. */
  constructor(openChannel: () => ChannelLike | null, nonce: string, timers: Timers) {
    this.openChannel = openChannel;
    this.nonce = nonce;
    this.timers = timers;
    this.open();
  }

  /** False when the browser has no BroadcastChannel: duplicates cannot be told apart then. */
  get available(): boolean {
    return this.channel !== null;
  }

  /** This page records `sessionId` from now on and answers for it. */
  claim(sessionId: string | null): void {
    this.sessionId = sessionId;
    this.settled = true;
  }

  /**
   * Resolves true when another live page records `sessionId`, false when none answered within
   * `timeoutMs` (or there is no channel). Never rejects.
   */
  isInUse(sessionId: string, timeoutMs: number): Promise<boolean> {
    this.pending?.finish(false);
    this.sessionId = sessionId;
    this.settled = false;
    if (!this.channel) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = this.timers.setTimeout(() => finish(false), timeoutMs);
      const finish = (inUse: boolean) => {
        if (this.pending?.finish !== finish) return;
        this.pending = null;
        this.timers.clearTimeout(timer);
        resolve(inUse);
      };
      this.pending = { sessionId, finish };
      this.post({ t: 'edge-replay:who', sessionId, from: this.nonce } satisfies Question);
    });
  }

  /** Page hidden for the back/forward cache: an open channel can keep a page out of it. */
  suspend(): void {
    this.pending?.finish(false);
    const channel = this.channel;
    this.channel = null;
    if (!channel) return;
    channel.onmessage = null;
    try {
      channel.close();
    } catch {
      // closed already
    }
  }

  /** Page shown again. */
  resume(): void {
    if (!this.channel) this.open();
  }

  close(): void {
    this.suspend();
    this.sessionId = null;
  }

  private open(): void {
    let channel: ChannelLike | null;
    try {
      channel = this.openChannel();
    } catch {
      channel = null;
    }
    if (!channel) return;
    channel.onmessage = (event) => {
      try {
        this.onMessage(event.data);
      } catch {
        // a hostile or malformed message must not break recording
      }
    };
    this.channel = channel;
  }

  private onMessage(data: unknown): void {
    const message = data as { t?: unknown; sessionId?: unknown; from?: unknown; to?: unknown } | null;
    if (!message || typeof message.sessionId !== 'string') return;
    if (message.t === 'edge-replay:who') {
      const from = message.from;
      if (typeof from !== 'string' || from === this.nonce || message.sessionId !== this.sessionId) return;
      if (this.settled || this.nonce < from) {
        this.post({ t: 'edge-replay:mine', sessionId: message.sessionId, to: from } satisfies Answer);
      }
    } else if (message.t === 'edge-replay:mine') {
      if (message.to === this.nonce && this.pending?.sessionId === message.sessionId) this.pending.finish(true);
    }
  }

  private post(message: Question | Answer): void {
    try {
      this.channel?.postMessage(message);
    } catch {
      // closed meanwhile
    }
  }
}
