ALTER TABLE `releases` ADD `committed_at` integer;--> statement-breakpoint
CREATE INDEX `transitions_project_time_idx` ON `transitions` (`project_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `deployments_environment_succeeded_idx` ON `deployments` (`environment_id`,`succeeded_at`);