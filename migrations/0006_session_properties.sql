CREATE TABLE `session_properties` (
	`project_id` text NOT NULL,
	`session_id` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`project_id`, `session_id`, `key`)
);
--> statement-breakpoint
CREATE INDEX `session_properties_lookup` ON `session_properties` (`project_id`,`key`,`value`,`session_id`);