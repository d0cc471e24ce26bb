-- Written by hand (issue 6): key rotation. The replaced key stays valid until
-- previous_key_expires_at, so pages still serving the old snippet and batches already queued in
-- browsers keep ingesting. Unique only where set: most projects have no previous key.
ALTER TABLE `projects` ADD `previous_public_key` text;--> statement-breakpoint
ALTER TABLE `projects` ADD `previous_key_expires_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `projects_previous_public_key_unique` ON `projects` (`previous_public_key`) WHERE `previous_public_key` IS NOT NULL;
