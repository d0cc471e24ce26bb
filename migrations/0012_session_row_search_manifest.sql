-- Hand-written (issue 4, cost): what the session row carries instead of other writes.
--  * click_targets, error_messages: what the "clicked" and "error message" filters match as they walk a
--    project's sessions (workers/db/search-text.ts), instead of a child row per value; the two child
--    tables go. Added before manifest: SQLite reads a record's columns in order, and these stay
--    clear of a large manifest's overflow pages.
--  * manifest: the ended session's manifest, gzip JSON (segments, markers, the DO's resume state),
--    written with the ended row in the same statement, so it costs no row and no R2 put. Lists never
--    select it.
ALTER TABLE `sessions` ADD `click_targets` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `error_messages` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `manifest` blob;--> statement-breakpoint
DROP TABLE `session_clicks`;--> statement-breakpoint
DROP TABLE `session_errors`;
