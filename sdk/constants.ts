/**
 * SDK tunables. Units are in the names: *_MS milliseconds, *_BYTES bytes.
 * Limits the server enforces (MAX_WIRE_BYTES, MAX_SEQ, ...) live in wire/ and are imported there.
 */

/**
 * A batch is cut at the latest this long after its first event. Each batch costs about $1.50 per
 * million at the edge (a Worker request, a Durable Object request, a row written), so per ten-minute
 * session 5 s meant ~120 batches and $0.17 per 1,000 sessions in batches alone; 60 s makes it ~11
 * and ~$0.02, beside the ~$0.04 a session costs once whatever the interval (R2, D1, queue).
 * Longer saves little more and widens what a crashed browser loses: a page that closes normally
 * sends its last batch with keepalive, a new page view's first batch goes out early, and a
 * watched session flushes every second. See bench/README.md (cost).
 */
export const DEFAULT_FLUSH_INTERVAL_MS = 60_000;
/**
 * The first batch of a page view (and of a session that starts on it) is cut at the latest this
 * long after its first event, whatever the flush interval: a new visit shows up in the dashboard's
 * live list within seconds.
 */
export const FIRST_FLUSH_DELAY_MS = 5_000;
/** Shortest flush interval accepted from options; smaller values are raised to this. */
export const MIN_FLUSH_INTERVAL_MS = 250;
/** rrweb takes a fresh full snapshot this often, so stored segments can start at one. */
export const DEFAULT_CHECKOUT_EVERY_MS = 5 * 60_000;
/** Shortest checkout interval accepted from options. */
export const MIN_CHECKOUT_EVERY_MS = 10_000;

/**
 * A batch is cut once its serialized events reach this size. Measured in UTF-16 code units of the
 * JSON text, which equals UTF-8 bytes for ASCII (rrweb JSON is almost all ASCII).
 */
export const BATCH_MAX_SERIALIZED_BYTES = 512 * 1024;

/** A new session starts after this long without user activity. */
export const SESSION_IDLE_TIMEOUT_MS = 30 * 60_000;
/** A new session starts once a session is this old, active or not. */
export const SESSION_MAX_DURATION_MS = 4 * 60 * 60_000;
/** localStorage key of the visit (session id, times, mode), shared by the origin's tabs. */
export const VISIT_STORAGE_KEY = 'edgeReplay.visit';
/** sessionStorage key of this tab's id and seq numbering: survives reloads in the same tab. */
export const TAB_STORAGE_KEY = 'edgeReplay.tab';
/**
 * Activity is written to the shared visit at most this often (a storage write per mouse move
 * would cost the page): other tabs see it this late at worst, far inside the idle timeout.
 */
export const ACTIVITY_SAVE_INTERVAL_MS = 5_000;

/** First retry delay after a network error or 5xx. Doubles per attempt. */
export const RETRY_INITIAL_DELAY_MS = 1_000;
/** Upper bound of the exponential retry delay. */
export const RETRY_MAX_DELAY_MS = 30_000;
/** The delay is shortened by up to this fraction at random, so clients do not retry in lockstep. */
export const RETRY_JITTER_RATIO = 0.25;
/** Send attempts per batch (first try included) before it is dropped. */
export const MAX_SEND_ATTEMPTS = 8;
/** Longest Retry-After we honour; a longer one is capped to this. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * Compressed bytes waiting to be sent; batches cut beyond this are dropped (server unreachable,
 * visitor offline) and the recording gets a counted gap marker instead.
 */
export const MAX_QUEUED_WIRE_BYTES = 8 * 1024 * 1024;

/**
 * Serialized events held in memory while nothing may be uploaded (waiting for the sampling
 * decision, or buffer mode). Older snapshots are dropped first to stay under it.
 */
export const RING_BUFFER_MAX_SERIALIZED_BYTES = 8 * 1024 * 1024;

/** Longest wait for GET /v1/config before init()'s sampleRate/bufferMode apply. */
export const REMOTE_CONFIG_TIMEOUT_MS = 2_000;

/**
 * How long a page load waits for another live tab to claim its stored session (a duplicated tab
 * copies sessionStorage). Uploads wait for this; recording does not.
 */
export const DUPLICATE_TAB_CHECK_MS = 200;
/** BroadcastChannel the SDK's pages of one origin use to find duplicated tabs. */
export const TAB_CHANNEL_NAME = 'edge-replay';

/**
 * A batch handed to the compression worker comes back within this, or the worker is considered
 * broken: that batch and all later ones are compressed on the main thread.
 */
export const COMPRESS_WORKER_TIMEOUT_MS = 10_000;

/** identify/track/setProperties: longest user id, event name and property key, in characters. */
export const MAX_NAME_LENGTH = 200;
/** identify/track/setProperties: most properties per call; later ones are dropped. */
export const MAX_PROPERTIES = 50;
/** identify/track/setProperties: longer string values are cut to this many characters. */
export const MAX_PROPERTY_STRING_LENGTH = 1_024;

/**
 * Browsers allow 64 KiB of keepalive request bodies in flight per page; we stay below it.
 * At pagehide, bodies that fit go out with fetch({ keepalive: true }), the rest with sendBeacon.
 */
export const KEEPALIVE_BUDGET_BYTES = 60 * 1024;

/** rrweb sampling: mouse positions are sampled at most this often. */
export const MOUSEMOVE_SAMPLE_MS = 100;
/** rrweb sampling: sampled mouse positions are emitted together this often. */
export const MOUSEMOVE_EMIT_MS = 500;
/** rrweb sampling: scroll positions at most this often. */
export const SCROLL_SAMPLE_MS = 150;
/** rrweb sampling: media (video/audio) time updates at most this often. */
export const MEDIA_SAMPLE_MS = 800;

/**
 * Path of the recorder bundle under a deployment's origin. "v1" is the loader/recorder contract:
 * the same snippet keeps working as the recorder is updated behind it.
 */
export const RECORDER_SCRIPT_PATH = '/sdk/v1/recorder.js';

/**
 * Events init() records while the client (sdk/main.ts, a script of its own next to recorder.js)
 * loads. Past this the early recording stops and drops them; the client starts afresh.
 */
export const MAX_EARLY_EVENTS = 20_000;
/** Attempts to load the client's script, and the pause before each retry. */
export const MAIN_CHUNK_ATTEMPTS = 3;
export const MAIN_CHUNK_RETRY_MS = 2_000;
/** Property of the script element loading the client through which the client hands itself over. */
export const MAIN_CHUNK_HOOK = 'edgeReplayMain';

/** Content type of ingest requests: CORS-safelisted, so no preflight. The server ignores it. */
export const INGEST_CONTENT_TYPE = 'text/plain';
/** Prefix of every console message the SDK writes. */
export const LOG_PREFIX = '[edge-replay]';
