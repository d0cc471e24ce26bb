-- Edited after drizzle-kit generate: sessions, session_properties and counted_events become WITHOUT
-- ROWID (drizzle cannot say so; see workers/db/schema.ts). D1 bills each b-tree entry written: a
-- rowid table with a primary key writes the row and the key's index entry.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_sessions` (
	`project_id` text NOT NULL,
	`id` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`event_count` integer NOT NULL,
	`page_count` integer NOT NULL,
	`click_count` integer NOT NULL,
	`rage_click_count` integer DEFAULT 0 NOT NULL,
	`dead_click_count` integer DEFAULT 0 NOT NULL,
	`error_count` integer DEFAULT 0 NOT NULL,
	`console_error_count` integer DEFAULT 0 NOT NULL,
	`user_id` text,
	`entry_url` text,
	`exit_url` text,
	`user_agent` text,
	`browser` text,
	`os` text,
	`country` text,
	`bytes` integer NOT NULL,
	`segment_count` integer NOT NULL,
	`tab_count` integer DEFAULT 1 NOT NULL,
	`active_ms` integer DEFAULT 0 NOT NULL,
	`device_class` text,
	`referrer` text,
	PRIMARY KEY(`id`, `project_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_sessions`("project_id", "id", "status", "started_at", "ended_at", "duration_ms", "event_count", "page_count", "click_count", "rage_click_count", "dead_click_count", "error_count", "console_error_count", "user_id", "entry_url", "exit_url", "user_agent", "browser", "os", "country", "bytes", "segment_count", "tab_count", "active_ms", "device_class", "referrer") SELECT "project_id", "id", "status", "started_at", "ended_at", "duration_ms", "event_count", "page_count", "click_count", "rage_click_count", "dead_click_count", "error_count", "console_error_count", "user_id", "entry_url", "exit_url", "user_agent", "browser", "os", "country", "bytes", "segment_count", "tab_count", "active_ms", "device_class", "referrer" FROM `sessions`;--> statement-breakpoint
DROP TABLE `sessions`;--> statement-breakpoint
ALTER TABLE `__new_sessions` RENAME TO `sessions`;--> statement-breakpoint
CREATE INDEX `sessions_project_status_started` ON `sessions` (`project_id`,`status`,`started_at`);--> statement-breakpoint
CREATE TABLE `__new_session_properties` (
	`project_id` text NOT NULL,
	`session_id` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`project_id`, `session_id`, `key`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_session_properties`("project_id", "session_id", "key", "value") SELECT "project_id", "session_id", "key", "value" FROM `session_properties`;--> statement-breakpoint
DROP TABLE `session_properties`;--> statement-breakpoint
ALTER TABLE `__new_session_properties` RENAME TO `session_properties`;--> statement-breakpoint
CREATE INDEX `session_properties_lookup` ON `session_properties` (`project_id`,`key`,`value`,`session_id`);--> statement-breakpoint
CREATE TABLE `__new_counted_events` (
	`key` text PRIMARY KEY NOT NULL,
	`counted_at` integer NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_counted_events`("key", "counted_at") SELECT "key", "counted_at" FROM `counted_events`;--> statement-breakpoint
DROP TABLE `counted_events`;--> statement-breakpoint
ALTER TABLE `__new_counted_events` RENAME TO `counted_events`;--> statement-breakpoint
PRAGMA foreign_keys=ON;