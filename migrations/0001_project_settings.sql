ALTER TABLE `projects` ADD `sample_rate` real DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `projects` ADD `buffer_mode` integer DEFAULT false NOT NULL;