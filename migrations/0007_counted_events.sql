CREATE TABLE `counted_events` (
	`key` text PRIMARY KEY NOT NULL,
	`counted_at` integer NOT NULL
);
