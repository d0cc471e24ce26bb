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

/** One row per session: filters read these columns, never per-event rows (seed 001). */
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
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.id] }),
    // The list: one project, live or ended, newest first.
    index('sessions_project_status_started').on(t.projectId, t.status, t.startedAt),
    // Deep links from the SDK (getSessionUrl) know the session id but not the project.
    index('sessions_id').on(t.id),
  ],
);

/** A session's custom properties (setProperties, identify traits as user.*): one row per key. */
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

/**
 * Queue messages already counted in Analytics Engine, which cannot dedupe: delivery is
 * at-least-once, and a reopened session ends twice. One row per (kind, project, session).
 */
export const countedEvents = sqliteTable('counted_events', {
  key: text('key').primaryKey(),
  countedAt: integer('counted_at').notNull(),
});
