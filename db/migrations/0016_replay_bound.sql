ALTER TABLE `check_results` ADD `run_key` text;--> statement-breakpoint
ALTER TABLE `check_results` ADD `run_attempt` integer;--> statement-breakpoint
ALTER TABLE `check_results` ADD `event_at` integer;--> statement-breakpoint
CREATE INDEX `check_results_run_idx` ON `check_results` (`run_key`,`release_id`,`check_name`,`id`) WHERE "check_results"."run_key" is not null;--> statement-breakpoint
ALTER TABLE `deployments` ADD `run_key` text;--> statement-breakpoint
ALTER TABLE `deployments` ADD `run_attempt` integer;--> statement-breakpoint
ALTER TABLE `deployments` ADD `event_at` integer;