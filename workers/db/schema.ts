import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, real, primaryKey, index, uniqueIndex, customType } from 'drizzle-orm/sqlite-core';

/** A BLOB as bytes: D1 hands BLOBs back as arrays of numbers, drizzle's blob() wants Node's Buffer. */
const bytes = customType<{ data: Uint8Array; driverData: ArrayBuffer | Uint8Array | number[] }>({
  dataType: () => 'blob',
  fromDriver: (value) => (value instanceof Uint8Array ? value : new Uint8Array(value)),
});

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
  /** The key a rotation replaced: still accepted until previousKeyExpiresAt (ms), for pages and batches in flight. */
  previousPublicKey: text('previous_public_key'),
  previousKeyExpiresAt: integer('previous_key_expires_at'),
}, (t) => [
  uniqueIndex('projects_previous_public_key_unique').on(t.previousPublicKey).where(sql`${t.previousPublicKey} IS NOT NULL`),
]);

/**
 * One row per session: filters read these columns, never per-event rows (seed 001). D1 bills
 * every b-tree entry written, so the table is WITHOUT ROWID (the migrations say so; drizzle
 * cannot): the primary key is the table itself, and led by the session id it also serves deep
 * links that know only the id. A new session writes 2 rows (table, list index), its end 2 more,
 * plus one per partial search index it enters (user id set: 10%; errors: 5%, two indexes).
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
    /**
     * What the "clicked" and "error message" filters match with LIKE as they walk a project's
     * sessions: capped, separator-joined text (workers/db/search-text.ts) instead of a child row
     * per value (D1 bills each row written; a column costs none). Before the manifest: SQLite
     * reads a record's columns in order, and these stay clear of the manifest's overflow pages.
     */
    clickTargets: text('click_targets').notNull().default(''),
    errorMessages: text('error_messages').notNull().default(''),
    /**
     * The ended session's manifest (durable-objects/session/state.ts StoredManifest), gzip JSON
     * (workers/db/sessions.ts), null while live: written with the ended row, so it costs no extra
     * row; gzip because D1 bills storage at 50× R2's rate and a manifest's markers are ~17 KB of
     * JSON for a ten-minute visit (~2 KB gzip). Only the session's detail and its DO read it back;
     * list and search queries never select it.
     */
    manifest: bytes('manifest'),
  },
  (t) => [
    // Deep links from the SDK (getSessionUrl) know the session id but not the project.
    primaryKey({ columns: [t.id, t.projectId] }),
    // The list: one project, live or ended, newest first. It also carries what walks and sorts
    // read (migrations/0015), so they read the index alone; free in rows written, since the ended
    // row rewrites this entry anyway (its status changes).
    index('sessions_project_status_started').on(t.projectId, t.status, t.startedAt, t.id, t.durationMs, t.activeMs, t.clickTargets),
    // Partial (migrations/0015): only the sessions a filter names enter them, so others write no entry.
    // One user's sessions, newest first (user=…).
    index('sessions_project_user').on(t.projectId, t.userId, t.startedAt).where(sql`${t.userId} IS NOT NULL`),
    // Sessions with errors, newest first (errors=1, error=…) and by error count (sort=errors):
    // workers/db/search.ts writes each WHERE so that a query can use only the one meant for it.
    index('sessions_project_errors_started')
      .on(t.projectId, t.status, t.startedAt, t.id, t.errorCount, t.errorMessages)
      .where(sql`${t.errorCount} > 0`),
    index('sessions_project_errors_count').on(t.projectId, t.status, t.errorCount, t.startedAt).where(sql`${t.errorCount} >= 1`),
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
 * Visited URLs stay a child table: "did not visit" and "visited" are answered from its key, led by
 * the value. Each session writes at most a few capped, distinct URLs, only ever adding (see
 * durable-objects/session/search-values.ts), with INSERT OR IGNORE. D1 bills every row written,
 * index entries included, so the table is one b-tree: the migration makes it WITHOUT ROWID
 * (drizzle cannot say so), and the primary key is the filter's index:
 *   visited / did not visit URL u: (project_id, url = u) → session ids, also for NOT EXISTS per session;
 *   URL contains x: a covering scan of the project's url keys.
 * Clicked elements and error messages are columns of the session row (click_targets, error_messages).
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

/**
 * Who may see a project besides the admin (workers/auth): one row per member, WITHOUT ROWID (see
 * migrations/0014). Every request of a Cloudflare Access user reads its roles by email, hence
 * the index led by email; the key, led by the project, lists a project's members.
 */
export const projectMembers = sqliteTable(
  'project_members',
  {
    projectId: text('project_id').notNull(),
    /** Lowercased, as Cloudflare Access reports it. */
    email: text('email').notNull(),
    role: text('role', { enum: ['owner', 'viewer'] }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.email] }), index('project_members_email').on(t.email)],
);

/**
 * Retention (workers/retention/README.md), WITHOUT ROWID (see migrations/0013). The last UTC day
 * (days since the epoch) an ingest saw each asset in R2, or -1 while the retention job deletes it.
 */
export const assets = sqliteTable(
  'assets',
  {
    hash: text('hash').primaryKey(),
    lastSeenDay: integer('last_seen_day').notNull(),
  },
  (t) => [index('assets_last_seen_day').on(t.lastSeenDay)],
);

/** Sessions whose rows the retention job deleted and whose R2 segments it has yet to delete. */
export const deletedSessions = sqliteTable(
  'deleted_sessions',
  {
    projectId: text('project_id').notNull(),
    sessionId: text('session_id').notNull(),
    segmentCount: integer('segment_count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.sessionId] })],
);
