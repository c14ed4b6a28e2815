CREATE TABLE `scheduled_promotions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`release_id` integer NOT NULL,
	`from_environment_id` integer NOT NULL,
	`to_environment_id` integer NOT NULL,
	`run_at` integer NOT NULL,
	`reason` text,
	`state` text DEFAULT 'pending' NOT NULL,
	`outcome` text,
	`resolved_at` integer,
	`actor_type` text NOT NULL,
	`actor_id` text NOT NULL,
	`actor_name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`from_environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `scheduled_promotions_due_idx` ON `scheduled_promotions` (`state`,`run_at`);--> statement-breakpoint
CREATE INDEX `scheduled_promotions_release_idx` ON `scheduled_promotions` (`release_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `scheduled_promotions_pending_uq` ON `scheduled_promotions` (`release_id`) WHERE state = 'pending';--> statement-breakpoint
ALTER TABLE `releases` ADD `held_at` integer;--> statement-breakpoint
ALTER TABLE `releases` ADD `held_by_name` text;--> statement-breakpoint
ALTER TABLE `releases` ADD `held_reason` text;