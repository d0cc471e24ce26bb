import { sqliteTable, text, integer, real, primaryKey, index } from 'drizzle-orm/sqlite-core';

export const projects = sqliteTable('projects', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** Public: it ships in every page's snippet. Identifies the project, authorises nothing else. */
  publicKey: text('public_key').notNull().unique(),
  createdAt: integer('created_at').notNull(),
  /** Remote config for the SDK: share of sessions recorded, 0..1. */
  sampleRate: real('sample_rate').notNull().default(1),
  /** Remote config for the SDK: upload only once an error happens. */
  bufferMode: integer('buffer_mode', { mode: 'boolean' }).notNull().default(false),
  /** JSON array of origin patterns allowed to send sessions; empty allows any. */
  allowedOrigins: text('allowed_origins', { mode: 'json' }).$type<string[]>().notNull().default([]),
  /** New sessions admitted per UTC day; null means no quota. Sessions already admitted always continue. */
  sessionQuotaPerDay: integer('session_quota_per_day'),
  /** Sessions older than this are deleted with their segments (issue: retention job). */
  retentionDays: integer('retention_days').notNull().default(30),
});

/**
 * One row per session: filters read these columns, never per-event rows (seed 001). D1 bills
 * every b-tree entry written, so the table is WITHOUT ROWID (the migrations say so; drizzle
 * cannot): the primary key is the table itself, and led by the session id it also serves deep
 * links that know only the id. A new session writes 2 rows (table, list index), its end 2 more.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    projectId: text('project_id').notNull(),
    id: text('id').notNull(),
    status: text('status', { enum: ['live', 'ended'] }).notNull(),
    startedAt: integer('started_at').notNull(),
    endedAt: integer('ended_at').notNull(),
    durationMs: integer('duration_ms').notNull(),
    eventCount: integer('event_count').notNull(),
    pageCount: integer('page_count').notNull(),
    clickCount: integer('click_count').notNull(),
    rageClickCount: integer('rage_click_count').notNull().default(0),
    deadClickCount: integer('dead_click_count').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    consoleErrorCount: integer('console_error_count').notNull().default(0),
    userId: text('user_id'),
    entryUrl: text('entry_url'),
    exitUrl: text('exit_url'),
    userAgent: text('user_agent'),
    browser: text('browser'),
    os: text('os'),
    country: text('country'),
    /** Uncompressed batch JSON bytes received. */
    bytes: integer('bytes').notNull(),
    segmentCount: integer('segment_count').notNull(),
    tabCount: integer('tab_count').notNull().default(1),
    /** See durable-objects/session/activity.ts. */
    activeMs: integer('active_ms').notNull().default(0),
    deviceClass: text('device_class', { enum: ['desktop', 'mobile', 'tablet'] }),
    referrer: text('referrer'),
  },
  (t) => [
    // Deep links from the SDK (getSessionUrl) know the session id but not the project.
    primaryKey({ columns: [t.id, t.projectId] }),
    // The list: one project, live or ended, newest first.
    index('sessions_project_status_started').on(t.projectId, t.status, t.startedAt),
  ],
);

/**
 * A session's custom properties (setProperties, identify traits as user.*): one row per key,
 * WITHOUT ROWID (see the migrations), so a property writes 2 rows: table and lookup index.
 */
export const sessionProperties = sqliteTable(
  'session_properties',
  {
    projectId: text('project_id').notNull(),
    sessionId: text('session_id').notNull(),
    key: text('key').notNull(),
    value: text('value').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.sessionId, t.key] }),
    // Filters "key = value" within a project find their sessions from this index alone.
    index('session_properties_lookup').on(t.projectId, t.key, t.value, t.sessionId),
  ],
);

/*
 * Search child tables (issue 5 filters on them). Each session writes at most a few capped, distinct
 * values, only ever adding (see durable-objects/session/search-values.ts), with INSERT OR IGNORE.
 * D1 bills every row written, index entries included, so each table is one b-tree: the migration
 * makes them WITHOUT ROWID (drizzle cannot say so), and the primary key, led by the value, is the
 * filter's index:
 *   visited / did not visit URL u: (project_id, url = u) → session ids, also for NOT EXISTS per session;
 *   URL contains x: a covering scan of the project's url keys;
 *   clicked selector s: (project_id, selector = s); click text: a covering scan of the project's clicks;
 *   error message m: (project_id, message = m); contains: a covering scan.
 * There is no (session → values) index: nothing reads one session's values (the manifest's markers
 * serve the player), and rows read cost a thousandth of rows written.
 */

/** Pages visited: origin + path, query and fragment dropped (hash routes kept). */
export const sessionUrls = sqliteTable(
  'session_urls',
  {
    projectId: text('project_id').notNull(),
    url: text('url').notNull(),
    sessionId: text('session_id').notNull(),
    /** First visit, epoch ms: where a filtered replay opens. */
    firstAt: integer('first_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.url, t.sessionId] })],
);

/** Elements clicked, by the SDK's short selector and their (masked) text. */
export const sessionClicks = sqliteTable(
  'session_clicks',
  {
    projectId: text('project_id').notNull(),
    selector: text('selector').notNull(),
    text: text('text').notNull(),
    sessionId: text('session_id').notNull(),
    firstAt: integer('first_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.selector, t.text, t.sessionId] })],
);

/** Error messages (window errors and unhandled rejections). */
export const sessionErrors = sqliteTable(
  'session_errors',
  {
    projectId: text('project_id').notNull(),
    message: text('message').notNull(),
    sessionId: text('session_id').notNull(),
    firstAt: integer('first_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.message, t.sessionId] })],
);

/**
 * Queue messages already counted in Analytics Engine, which cannot dedupe: delivery is
 * at-least-once, and a reopened session ends twice. One row per (kind, project, session),
 * WITHOUT ROWID (see the migrations): one row written per message, not a row and its key's index.
 */
export const countedEvents = sqliteTable('counted_events', {
  key: text('key').primaryKey(),
  countedAt: integer('counted_at').notNull(),
});

/**
 * Comments pinned to a moment and a point of a session's replay (wire/comments.ts). WITHOUT ROWID
 * (see migrations/0011): a comment writes one row, and the key, led by the session, lists its comments.
 */
export const sessionComments = sqliteTable(
  'session_comments',
  {
    projectId: text('project_id').notNull(),
    sessionId: text('session_id').notNull(),
    id: text('id').notNull(),
    tab: text('tab').notNull(),
    /** Epoch ms, on the events' clock. */
    t: integer('t').notNull(),
    /** Fractions (0..1) of the recorded viewport. */
    x: real('x').notNull(),
    y: real('y').notNull(),
    body: text('body').notNull(),
    /** A display name until sign-in (issue 6). */
    author: text('author').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.sessionId, t.id] })],
);
