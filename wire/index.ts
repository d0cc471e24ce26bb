/**
 * The wire format: what the SDK sends, what the API answers, and the runtime
 * validators the worker applies at the edge. Imported by the SDK, the worker,
 * the Durable Object and the dashboard; nothing else declares these shapes.
 *
 * Recorded data is untrusted end to end: validators check structure and bounds,
 * never trust sizes or timestamps the client claims.
 */

import type { CapturedAsset } from './assets.ts';

export const WIRE_VERSION = 1;
export const INGEST_PATH = '/v1/ingest';
/** Query parameter carrying the project's public key (sendBeacon cannot set headers). */
export const PROJECT_KEY_PARAM = 'k';

/** Compressed request body cap, bytes. Keeps a single batch well inside one Worker request. */
export const MAX_WIRE_BYTES = 5 * 1024 * 1024;
/** Decompressed body cap, bytes: a gzip bomb stops here, not in memory. */
export const MAX_BATCH_BYTES = 16 * 1024 * 1024;
export const MAX_EVENTS_PER_BATCH = 20_000;
/** Highest seq a tab may use; ample for a 4 h session batching every second. */
export const MAX_SEQ = 1_000_000;
/**
 * A session spans the tabs of one visit; each tab records its own stream (its own snapshots and
 * node ids) with its own seq numbering, named by a short client-made id kept across reloads.
 */
const TAB_ID = /^[0-9a-z]{1,16}$/;
/** While someone watches a session live, its SDK flushes this often instead of its usual interval. */
export const LIVE_FLUSH_INTERVAL_MS = 1_000;

/** rrweb's event types that the pipeline reads; the others pass through untouched. */
export const EventType = {
  DomContentLoaded: 0,
  Load: 1,
  FullSnapshot: 2,
  IncrementalSnapshot: 3,
  Meta: 4,
  Custom: 5,
  Plugin: 6,
} as const;

/** rrweb IncrementalSource / MouseInteractions values the summary and the player read. */
export const IncrementalSource = { Mutation: 0, MouseInteraction: 2, Input: 5, StyleSheetRule: 8 } as const;
export const MouseInteraction = { Click: 2 } as const;

/** One rrweb event as recorded. `data` is opaque here; the player interprets it. */
export interface RecordedEvent {
  type: number;
  timestamp: number;
  data: unknown;
}

/**
 * edge-replay's own signals ride in rrweb Custom events (type 5) as `data: { tag, payload }`,
 * so they keep rrweb's ordering and timestamps and the backend can count them without replaying.
 */
export const CustomTag = {
  Console: 'er.console',
  Error: 'er.error',
  Network: 'er.network',
  Navigation: 'er.navigation',
  Click: 'er.click',
  RageClick: 'er.rage-click',
  DeadClick: 'er.dead-click',
  Identify: 'er.identify',
  Track: 'er.track',
  Properties: 'er.properties',
  /** Events the SDK had to drop (buffer full, offline too long): the replay shows a counted gap. */
  Gap: 'er.gap',
} as const;
export type CustomTag = (typeof CustomTag)[keyof typeof CustomTag];

/** Scalar values for traits, properties and custom event props. */
export type PropertyValue = string | number | boolean | null;
export type Properties = Record<string, PropertyValue>;

export interface ConsolePayload {
  level: 'log' | 'info' | 'warn' | 'error' | 'debug';
  /** Each argument serialised safely and capped in size. */
  args: string[];
  /** Stack of the call site for warn/error, when available. */
  stack?: string;
}

export interface ErrorPayload {
  kind: 'error' | 'unhandledrejection';
  message: string;
  /** Error name, e.g. TypeError. */
  name?: string;
  stack?: string;
  source?: string;
  line?: number;
  column?: number;
}

export interface NetworkPayload {
  initiator: 'fetch' | 'xhr';
  method: string;
  url: string;
  /** HTTP status; 0 when the request failed without a response. */
  status: number;
  /** Epoch ms on the same clock as the event timestamps. */
  startTime: number;
  durationMs: number;
  requestBytes?: number;
  responseBytes?: number;
  /** Only for URLs the site opted into; credential headers never. */
  requestHeaders?: Record<string, string>;
  responseHeaders?: Record<string, string>;
  requestBody?: string;
  responseBody?: string;
  error?: string;
}

export interface NavigationPayload {
  href: string;
  kind: 'load' | 'pushState' | 'replaceState' | 'popstate' | 'hashchange';
  /** document.referrer on a page load, when there is one (scrubbed like any URL). */
  referrer?: string;
}

export interface ClickPayload {
  /** A short CSS selector for the clicked element. */
  selector: string;
  /** Its visible text, masked when text masking applies, capped. */
  text: string;
  x: number;
  y: number;
}

export interface RageClickPayload extends ClickPayload {
  count: number;
}

export type DeadClickPayload = ClickPayload;

export interface IdentifyPayload {
  userId: string;
  traits: Properties;
}

export interface TrackPayload {
  name: string;
  props: Properties;
}

export interface PropertiesPayload {
  props: Properties;
}

export interface GapPayload {
  droppedEvents: number;
  droppedBytes: number;
  reason: 'buffer-full' | 'send-failed' | 'too-large';
}

export interface CustomPayloads {
  [CustomTag.Console]: ConsolePayload;
  [CustomTag.Error]: ErrorPayload;
  [CustomTag.Network]: NetworkPayload;
  [CustomTag.Navigation]: NavigationPayload;
  [CustomTag.Click]: ClickPayload;
  [CustomTag.RageClick]: RageClickPayload;
  [CustomTag.DeadClick]: DeadClickPayload;
  [CustomTag.Identify]: IdentifyPayload;
  [CustomTag.Track]: TrackPayload;
  [CustomTag.Properties]: PropertiesPayload;
  [CustomTag.Gap]: GapPayload;
}

/** The `data` of an rrweb Custom event carrying one of edge-replay's signals. */
export interface CustomEventData<T extends CustomTag = CustomTag> {
  tag: T;
  payload: CustomPayloads[T];
}

/** Reads an event as one of edge-replay's custom signals, or null. Does not validate the payload. */
export function customData(event: RecordedEvent): CustomEventData | null {
  if (event.type !== EventType.Custom) return null;
  const data = event.data as { tag?: unknown } | null;
  return typeof data?.tag === 'string' && data.tag.startsWith('er.') ? (data as CustomEventData) : null;
}

export const CONFIG_PATH = '/v1/config';

/** GET /v1/config?k=<key>: per-project recording settings, which override init() options. */
export interface RemoteConfig {
  /** Share of sessions recorded, 0..1. */
  sampleRate: number;
  /** Keep the last BUFFER_MODE_WINDOW_MS in memory and upload only once an error happens. */
  bufferMode: boolean;
}

/** How far back buffer mode keeps events before an error, ms. */
export const BUFFER_MODE_WINDOW_MS = 60_000;

/** The body of POST /v1/ingest, gzip-compressed JSON. */
export interface IngestBatch {
  v: typeof WIRE_VERSION;
  /** Client-made UUIDv7, kept across reloads and tabs of the same visit. */
  sessionId: string;
  /** The tab this batch was recorded in, see isTabId. */
  tab: string;
  /** Per (session, tab), monotonic from 0. A repeated seq is the same batch sent again. */
  seq: number;
  /** The page is going away: end the session soon unless more arrives. */
  final: boolean;
  /** Client clock when the batch was sent, ms since epoch. */
  sentAt: number;
  events: RecordedEvent[];
}

export interface IngestResponse {
  ok: true;
  /** True when this seq was already stored: acknowledged, not stored twice. */
  duplicate: boolean;
  /** Someone is watching this session live: flush every LIVE_FLUSH_INTERVAL_MS until a response says otherwise. */
  live: boolean;
}

export type ErrorCode =
  | 'bad_request'
  | 'invalid_gzip'
  | 'invalid_json'
  | 'invalid_batch'
  | 'payload_too_large'
  | 'unknown_project'
  | 'origin_not_allowed'
  /** 429 with Retry-After: the project sends faster than its rate limit. */
  | 'rate_limited'
  /** 429 with Retry-After: the project has used its session quota until the window resets. */
  | 'quota_exceeded'
  /** 401: no credentials, or ones that do not hold (expired, tampered). */
  | 'unauthorized'
  /** 403: signed in, but not allowed this project, session or action. */
  | 'forbidden'
  | 'not_found'
  /** 409: what the request would create exists already (a project id). */
  | 'conflict'
  | 'internal';

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** A finished segment in R2. Each starts at a full snapshot when the session has one. */
export interface SegmentInfo {
  index: number;
  /** The tab whose stream this segment holds; the player plays one tab at a time. */
  tab: string;
  startTime: number;
  endTime: number;
  eventCount: number;
  /** Compressed bytes in R2. */
  bytes: number;
}

export type MarkerKind = 'navigation' | 'click' | 'rage-click' | 'dead-click' | 'error' | 'console-error' | 'track';

/** A moment worth a tick on the player's timeline. At most 100 per kind per session. */
export interface TimelineMarker {
  /** Epoch ms, on the events' clock. */
  t: number;
  kind: MarkerKind;
  /** URL, click text or selector, error message, console text or track name; capped, may be empty. */
  label: string;
  tab: string;
}

/** What the player needs of an ended session; kept on its D1 row, served with GET /api/sessions/<project>/<session>. */
export interface SessionManifest {
  v: typeof WIRE_VERSION;
  projectId: string;
  sessionId: string;
  startedAt: number;
  endedAt: number;
  segments: SegmentInfo[];
  /** In time order across tabs. */
  markers: TimelineMarker[];
  /** Each tab's captured URLs in time order (see CapturedAsset); capped in durable-objects/session/captured-assets.ts. */
  assets: CapturedAsset[];
}

/** One row of GET /api/sessions. */
export interface SessionListItem {
  projectId: string;
  sessionId: string;
  /** live while recording (its replay is not in R2 yet), ended once written out. */
  status: 'live' | 'ended';
  startedAt: number;
  endedAt: number;
  durationMs: number;
  eventCount: number;
  pageCount: number;
  clickCount: number;
  rageClickCount: number;
  deadClickCount: number;
  errorCount: number;
  consoleErrorCount: number;
  userId: string | null;
  entryUrl: string | null;
  exitUrl: string | null;
  browser: string | null;
  os: string | null;
  country: string | null;
  segmentCount: number;
  tabCount: number;
  /** Time with user input, each input counting for up to 5 s; see durable-objects/session/activity.ts. */
  activeMs: number;
  deviceClass: 'desktop' | 'mobile' | 'tablet' | null;
  /** document.referrer of the first page load that had one. */
  referrer: string | null;
}

export interface SessionListResponse {
  sessions: SessionListItem[];
  /** Opaque; pass back as `cursor` for the next page, null on the last page. */
  nextCursor: string | null;
}

export interface SessionDetailResponse {
  session: SessionListItem;
  manifest: SessionManifest;
  /** Custom properties: setProperties() keys, and identify() traits as user.<trait>. */
  properties: Record<string, string>;
}

/** GET /api/find-session/<sessionId>: where a session id lives, for deep links from the SDK. */
export interface SessionLocation {
  projectId: string;
  sessionId: string;
  /** A live session has no replay yet: links to it open the live view. */
  status: 'live' | 'ended';
}

/**
 * GET /api/sessions/<project>/<session>/live upgrades to a WebSocket that carries one JSON
 * LiveMessage per text frame. On connect the viewer gets, per tab, the events from that tab's
 * latest full snapshot on; then each newly stored batch's events as it arrives; then `ended`
 * when the session is written out, after which the server closes the socket.
 *
 * Batches can reach the session out of seq order, and are passed on as they arrive: `seq` names
 * the batch the events belong to, so the viewer plays them in seq order. A batch too large for
 * one frame comes as several messages in a row with the same seq. Events the catch-up read back
 * from a written segment have seq WRITTEN_SEQ: they come before every batch still pending.
 *
 * In the catch-up, a tab's `events` are preceded by `assets` when URLs were captured before its
 * latest snapshot (on an earlier page view, say): the SDK sends each URL once per page load, so
 * the snapshot may name URLs whose `er.asset` signals the viewer never gets. It is its own
 * message so a frame of events keeps its budget.
 */
export type LiveMessage =
  | { type: 'events'; tab: string; seq: number; events: RecordedEvent[] }
  | { type: 'assets'; tab: string; assets: CapturedAsset[] }
  | { type: 'ended' };

export const WRITTEN_SEQ = -1;

/** One batch's events (or a written segment's, with WRITTEN_SEQ) in a tab's live stream. */
export interface LiveBatch {
  seq: number;
  events: RecordedEvent[];
}

/**
 * Where a tab's events can start drawing: the latest full snapshot, from the Meta event rrweb
 * emits just before it when there is one. -1 when there is no full snapshot. The live catch-up
 * and the live viewer both cut a tab's stream here.
 */
export function latestSnapshotStart(events: readonly RecordedEvent[]): number {
  for (let i = events.length - 1; i >= 0; i--) {
    if (events[i]!.type !== EventType.FullSnapshot) continue;
    return events[i - 1]?.type === EventType.Meta ? i - 1 : i;
  }
  return -1;
}

/**
 * A tab's batches (in seq order) cut at its latest full snapshot: the batch holding it, from the
 * snapshot on, and every batch after it. Null when no batch holds a snapshot. A Meta event at
 * the end of the batch before is not carried over: rrweb's snapshot draws without it.
 */
export function fromLatestSnapshot(batches: readonly LiveBatch[]): LiveBatch[] | null {
  for (let i = batches.length - 1; i >= 0; i--) {
    const start = latestSnapshotStart(batches[i]!.events);
    if (start >= 0) return [{ seq: batches[i]!.seq, events: batches[i]!.events.slice(start) }, ...batches.slice(i + 1)];
  }
  return null;
}

/** A viewer may send this text to keep an idle connection open; the server answers LIVE_PONG without waking the session. */
export const LIVE_PING = 'ping';
export const LIVE_PONG = 'pong';

export interface ProjectInfo {
  id: string;
  name: string;
  publicKey: string;
  /** What the SDK gets from GET /v1/config. */
  config: RemoteConfig;
  /** Origins allowed to send sessions (`https://shop.example.com`, `https://*.example.com`); empty allows any. */
  allowedOrigins: string[];
}

const PROJECT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && UUID_V7.test(value);
}

/**
 * A project id: it names R2 key prefixes and Durable Objects, and the stats embed it in Analytics
 * Engine SQL, which binds no parameters, so nothing outside this pattern may pass.
 */
export function isProjectId(value: unknown): value is string {
  return typeof value === 'string' && PROJECT_ID.test(value);
}

export function isTabId(value: unknown): value is string {
  return typeof value === 'string' && TAB_ID.test(value);
}

export type Validation<T> = { ok: true; value: T } | { ok: false; message: string };

const fail = (message: string): Validation<never> => ({ ok: false, message });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEvent(value: unknown): value is RecordedEvent {
  return (
    isRecord(value) &&
    Number.isInteger(value.type) &&
    (value.type as number) >= 0 &&
    (value.type as number) <= 64 &&
    Number.isFinite(value.timestamp) &&
    (value.timestamp as number) > 0 &&
    'data' in value
  );
}

/** Checks a decoded ingest body. Returns a message naming the first problem found. */
export function validateBatch(input: unknown): Validation<IngestBatch> {
  if (!isRecord(input)) return fail('batch must be a JSON object');
  if (input.v !== WIRE_VERSION) return fail(`unsupported wire version; expected v=${WIRE_VERSION}`);
  if (!isSessionId(input.sessionId)) return fail('sessionId must be a lowercase UUIDv7');
  if (!isTabId(input.tab)) return fail('tab must be 1 to 16 characters of [0-9a-z]');
  if (!Number.isInteger(input.seq) || (input.seq as number) < 0 || (input.seq as number) > MAX_SEQ) {
    return fail(`seq must be an integer from 0 to ${MAX_SEQ}`);
  }
  if (typeof input.final !== 'boolean') return fail('final must be a boolean');
  if (!Number.isFinite(input.sentAt) || (input.sentAt as number) <= 0) return fail('sentAt must be a positive number');
  if (!Array.isArray(input.events)) return fail('events must be an array');
  if (input.events.length > MAX_EVENTS_PER_BATCH) return fail(`at most ${MAX_EVENTS_PER_BATCH} events per batch`);
  for (let i = 0; i < input.events.length; i++) {
    if (!isEvent(input.events[i])) return fail(`events[${i}] must have an integer type, a positive timestamp and data`);
  }
  return {
    ok: true,
    value: {
      v: WIRE_VERSION,
      sessionId: input.sessionId,
      tab: input.tab,
      seq: input.seq as number,
      final: input.final,
      sentAt: input.sentAt as number,
      events: input.events as RecordedEvent[],
    },
  };
}

export * from './filters.ts';
export * from './assets.ts';
export * from './stats.ts';
