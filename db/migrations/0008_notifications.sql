CREATE TABLE `notification_preferences` (
	`user_id` text PRIMARY KEY NOT NULL,
	`email` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`release_id` integer NOT NULL,
	`environment_id` integer NOT NULL,
	`event` text NOT NULL,
	`messages` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_event_uq` ON `notifications` (`event`,`release_id`,`environment_id`);--> statement-breakpoint
CREATE INDEX `notifications_release_idx` ON `notifications` (`release_id`,`environment_id`);--> statement-breakpoint
ALTER TABLE `projects` ADD `chat_webhooks` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `environments` ADD `signoff_reminder_hours` integer;