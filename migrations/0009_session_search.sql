-- Edited after drizzle-kit generate: the child tables are WITHOUT ROWID (see workers/db/schema.ts).
CREATE TABLE `session_clicks` (
	`project_id` text NOT NULL,
	`selector` text NOT NULL,
	`text` text NOT NULL,
	`session_id` text NOT NULL,
	`first_at` integer NOT NULL,
	PRIMARY KEY(`project_id`, `selector`, `text`, `session_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `session_errors` (
	`project_id` text NOT NULL,
	`message` text NOT NULL,
	`session_id` text NOT NULL,
	`first_at` integer NOT NULL,
	PRIMARY KEY(`project_id`, `message`, `session_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `session_urls` (
	`project_id` text NOT NULL,
	`url` text NOT NULL,
	`session_id` text NOT NULL,
	`first_at` integer NOT NULL,
	PRIMARY KEY(`project_id`, `url`, `session_id`)
) WITHOUT ROWID;
--> statement-breakpoint
ALTER TABLE `sessions` ADD `tab_count` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `active_ms` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `device_class` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `referrer` text;