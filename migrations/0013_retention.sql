-- Hand-written (issue 6, retention). Both tables are WITHOUT ROWID: D1 bills each b-tree entry written.
--
-- assets: one row per R2 object assets/<hash>, with the last UTC day (days since the epoch) an
-- ingest stored or saw it; -1 while the retention job is deleting it (workers/retention/README.md).
-- The index lets the job find what is due without reading every asset; an asset's day changes
-- at most once a day, so it costs two more rows a day per asset in use.
CREATE TABLE `assets` (
	`hash` text PRIMARY KEY NOT NULL,
	`last_seen_day` integer NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `assets_last_seen_day` ON `assets` (`last_seen_day`);
--> statement-breakpoint
-- deleted_sessions: sessions whose D1 rows are gone but whose R2 segments may still be there.
-- Written in the same D1 batch that deletes the rows, removed once R2 has deleted the objects:
-- a crash in between leaves a row here, and the next run deletes its objects first.
CREATE TABLE `deleted_sessions` (
	`project_id` text NOT NULL,
	`session_id` text NOT NULL,
	`segment_count` integer NOT NULL,
	PRIMARY KEY(`project_id`, `session_id`)
) WITHOUT ROWID;
