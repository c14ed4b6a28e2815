CREATE TABLE `latest_check_results` (
	`release_id` integer NOT NULL,
	`environment_id` integer NOT NULL,
	`check_name` text NOT NULL,
	`result_id` integer NOT NULL,
	`first_result_id` integer NOT NULL,
	`runs` integer NOT NULL,
	PRIMARY KEY(`release_id`, `environment_id`, `check_name`),
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`result_id`) REFERENCES `check_results`(`id`) ON UPDATE no action ON DELETE no action
);--> statement-breakpoint
-- hand-written (keep when regenerating)
-- The trigger keeps latest_check_results in the statement that inserts a result (ids only grow,
-- so the row inserted last is the latest); the backfill fills it from the results already stored.
CREATE TRIGGER `check_results_latest` AFTER INSERT ON `check_results`
BEGIN
  INSERT INTO `latest_check_results` (`release_id`, `environment_id`, `check_name`, `result_id`, `first_result_id`, `runs`)
  VALUES (new.`release_id`, new.`environment_id`, new.`check_name`, new.`id`, new.`id`, 1)
  ON CONFLICT (`release_id`, `environment_id`, `check_name`)
  DO UPDATE SET `result_id` = excluded.`result_id`, `runs` = `runs` + 1;
END;
--> statement-breakpoint
INSERT INTO `latest_check_results` (`release_id`, `environment_id`, `check_name`, `result_id`, `first_result_id`, `runs`)
SELECT `release_id`, `environment_id`, `check_name`, max(`id`), min(`id`), count(*) FROM `check_results`
GROUP BY `release_id`, `environment_id`, `check_name`;
