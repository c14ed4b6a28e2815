CREATE TABLE `release_stay_days` (
	`project_id` integer NOT NULL,
	`environment_id` integer NOT NULL,
	`day` integer NOT NULL,
	`lengths` text NOT NULL,
	PRIMARY KEY(`project_id`, `day`, `environment_id`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `release_stays` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`release_id` integer NOT NULL,
	`environment_id` integer NOT NULL,
	`transition_id` integer NOT NULL,
	`arrived_at` integer NOT NULL,
	`left_at` integer,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`transition_id`) REFERENCES `transitions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `release_stays_project_left_idx` ON `release_stays` (`project_id`,`left_at`,`environment_id`,`arrived_at`);--> statement-breakpoint
CREATE INDEX `release_stays_release_idx` ON `release_stays` (`release_id`,`left_at`);--> statement-breakpoint
CREATE INDEX `release_stays_environment_idx` ON `release_stays` (`environment_id`,`release_id`,`arrived_at`);--> statement-breakpoint
-- hand-written (keep when regenerating)
-- The trigger keeps release_stays and release_stay_days in the statement that inserts a move: the
-- release's open stay ends at the move (its length joins the list of the day it ended on), and a
-- move with a destination opens the next one. The backfill pairs the moves already stored the same
-- way (each with the release's next move by id) and gathers the lengths by day.
CREATE TRIGGER `transitions_stays` AFTER INSERT ON `transitions`
BEGIN
  INSERT INTO `release_stay_days` (`project_id`, `environment_id`, `day`, `lengths`)
  SELECT `project_id`, `environment_id`, new.`created_at` - (new.`created_at` % 86400000),
    json_array(new.`created_at` - `arrived_at`)
  FROM `release_stays` WHERE `release_id` = new.`release_id` AND `left_at` IS NULL
  ON CONFLICT (`project_id`, `day`, `environment_id`)
  DO UPDATE SET `lengths` = json_insert(`lengths`, '$[#]', json_extract(excluded.`lengths`, '$[0]'));
  UPDATE `release_stays` SET `left_at` = new.`created_at`
  WHERE `release_id` = new.`release_id` AND `left_at` IS NULL;
  INSERT INTO `release_stays` (`project_id`, `release_id`, `environment_id`, `transition_id`, `arrived_at`)
  SELECT new.`project_id`, new.`release_id`, new.`to_environment_id`, new.`id`, new.`created_at`
  WHERE new.`to_environment_id` IS NOT NULL;
END;
--> statement-breakpoint
INSERT INTO `release_stays` (`project_id`, `release_id`, `environment_id`, `transition_id`, `arrived_at`, `left_at`)
SELECT `project_id`, `release_id`, `to_environment_id`, `id`, `created_at`, `next_at` FROM (
  SELECT `project_id`, `release_id`, `to_environment_id`, `id`, `created_at`,
    lead(`created_at`) OVER (PARTITION BY `release_id` ORDER BY `id`) AS `next_at`
  FROM `transitions`
) WHERE `to_environment_id` IS NOT NULL ORDER BY `id`;
--> statement-breakpoint
INSERT INTO `release_stay_days` (`project_id`, `environment_id`, `day`, `lengths`)
SELECT `project_id`, `environment_id`, `left_at` - (`left_at` % 86400000), json_group_array(`left_at` - `arrived_at`)
FROM (SELECT * FROM `release_stays` WHERE `left_at` IS NOT NULL ORDER BY `id`)
GROUP BY `project_id`, `environment_id`, `left_at` - (`left_at` % 86400000);
