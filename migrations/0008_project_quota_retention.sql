ALTER TABLE `projects` ADD `session_quota_per_day` integer;--> statement-breakpoint
ALTER TABLE `projects` ADD `retention_days` integer DEFAULT 30 NOT NULL;