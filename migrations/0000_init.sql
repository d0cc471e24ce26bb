CREATE TABLE `projects` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`public_key` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `projects_public_key_unique` ON `projects` (`public_key`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`project_id` text NOT NULL,
	`id` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`event_count` integer NOT NULL,
	`page_count` integer NOT NULL,
	`click_count` integer NOT NULL,
	`entry_url` text,
	`exit_url` text,
	`user_agent` text,
	`browser` text,
	`os` text,
	`country` text,
	`bytes` integer NOT NULL,
	`segment_count` integer NOT NULL,
	PRIMARY KEY(`project_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `sessions_project_started` ON `sessions` (`project_id`,`started_at`);