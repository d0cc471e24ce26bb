-- Written by hand (issue 6): members of a project and their role. WITHOUT ROWID like the other
-- keyed tables, since D1 bills each b-tree entry written; the email index serves the per-request
-- role lookup of Cloudflare Access users.
CREATE TABLE `project_members` (
	`project_id` text NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`project_id`, `email`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `project_members_email` ON `project_members` (`email`);
