CREATE TABLE `storage_probes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`body` blob NOT NULL
);
