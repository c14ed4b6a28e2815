CREATE TABLE `deployments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`release_id` integer NOT NULL,
	`environment_id` integer NOT NULL,
	`transition_id` integer,
	`target_kind` text NOT NULL,
	`status` text DEFAULT 'requested' NOT NULL,
	`url` text,
	`description` text,
	`requested_at` integer NOT NULL,
	`status_at` integer NOT NULL,
	`succeeded_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`transition_id`) REFERENCES `transitions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deployments_release_environment_idx` ON `deployments` (`release_id`,`environment_id`,`id`);--> statement-breakpoint
CREATE INDEX `deployments_project_idx` ON `deployments` (`project_id`,`id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer,
	`kind` text NOT NULL,
	`message_id` text NOT NULL,
	`target` text NOT NULL,
	`payload` text NOT NULL,
	`deployment_id` integer,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`retry_until` integer NOT NULL,
	`last_error` text,
	`delivered_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deployment_id`) REFERENCES `deployments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_message_uq` ON `outbox` (`message_id`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_project_idx` ON `outbox` (`project_id`,`id`);--> statement-breakpoint
CREATE TABLE `outbox_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`outbox_id` integer NOT NULL,
	`project_id` integer,
	`attempt` integer NOT NULL,
	`status_code` integer,
	`duration_ms` integer NOT NULL,
	`error` text,
	`response_excerpt` text,
	`outcome` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outbox_attempts_project_idx` ON `outbox_attempts` (`project_id`,`id`);--> statement-breakpoint
CREATE INDEX `outbox_attempts_outbox_idx` ON `outbox_attempts` (`outbox_id`,`id`);--> statement-breakpoint
DROP INDEX `signing_secrets_project_idx`;--> statement-breakpoint
ALTER TABLE `signing_secrets` ADD `purpose` text DEFAULT 'inbound' NOT NULL;--> statement-breakpoint
CREATE INDEX `signing_secrets_project_idx` ON `signing_secrets` (`project_id`,`purpose`,`id`);--> statement-breakpoint
ALTER TABLE `environments` ADD `deploy_target` text;--> statement-breakpoint
ALTER TABLE `environments` ADD `deploy_timeout_minutes` integer;