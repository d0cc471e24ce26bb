DROP INDEX `sessions_project_started`;--> statement-breakpoint
CREATE INDEX `sessions_project_status_started` ON `sessions` (`project_id`,`status`,`started_at`);