-- Written by hand (issue 5, search at 1M sessions): a wider list index, and partial indexes that
-- only the minority of sessions enter, since D1 bills every b-tree entry written and an index every
-- session entered would cost ~1–2 rows per session. A session enters each partial index once, when
-- its ended row is written (the live row has no errors yet; a user id known at the start adds one
-- more entry then).
--  * the list index also carries id (its order on ties), the duration and activity sort columns
--    and the click targets' text, so such walks and sorts read index entries, not rows (errors
--    have their own indexes; error_count here would draw "has errors" away from them). Free in
--    rows: the ended row rewrites that entry anyway (its status changes); rebuilding it once
--    writes one entry per existing session;
--  * one user's sessions (10% of sessions have a user id), newest first;
--  * sessions with errors (5%): newest first for "has errors" and "error message contains", and
--    by error count for sort=errors, so neither walks the project's error-free sessions.
DROP INDEX `sessions_project_status_started`;--> statement-breakpoint
CREATE INDEX `sessions_project_status_started` ON `sessions` (`project_id`,`status`,`started_at`,`id`,`duration_ms`,`active_ms`,`click_targets`);--> statement-breakpoint
CREATE INDEX `sessions_project_user` ON `sessions` (`project_id`,`user_id`,`started_at`) WHERE `user_id` IS NOT NULL;--> statement-breakpoint
CREATE INDEX `sessions_project_errors_started` ON `sessions` (`project_id`,`status`,`started_at`,`id`,`error_count`,`error_messages`) WHERE `error_count` > 0;--> statement-breakpoint
CREATE INDEX `sessions_project_errors_count` ON `sessions` (`project_id`,`status`,`error_count`,`started_at`) WHERE `error_count` >= 1;
