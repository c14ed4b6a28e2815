CREATE TABLE `projects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`archived_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `projects_slug_uq` ON `projects` (`slug`);--> statement-breakpoint
CREATE TABLE `environments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`position` integer NOT NULL,
	`auto_promote` integer DEFAULT false NOT NULL,
	`required_checks` text DEFAULT '[]' NOT NULL,
	`required_signoffs` integer DEFAULT 0 NOT NULL,
	`min_soak_minutes` integer DEFAULT 0 NOT NULL,
	`manual_tasks` text DEFAULT '[]' NOT NULL,
	`capacity` integer,
	`removed_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `environments_project_slug_uq` ON `environments` (`project_id`,`slug`);--> statement-breakpoint
CREATE INDEX `environments_project_position_idx` ON `environments` (`project_id`,`position`);--> statement-breakpoint
CREATE TABLE `freeze_windows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`environment_id` integer NOT NULL,
	`kind` text NOT NULL,
	`starts_at` integer,
	`ends_at` integer,
	`days` text,
	`from_time` text,
	`to_time` text,
	`time_zone` text,
	`reason` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `freeze_windows_environment_idx` ON `freeze_windows` (`environment_id`);--> statement-breakpoint
CREATE TABLE `environment_locks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`environment_id` integer NOT NULL,
	`reason` text NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text NOT NULL,
	`actor_name` text NOT NULL,
	`created_at` integer NOT NULL,
	`unlocked_at` integer,
	`unlocked_by_name` text,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `environment_locks_active_uq` ON `environment_locks` (`environment_id`) WHERE unlocked_at is null;--> statement-breakpoint
CREATE INDEX `environment_locks_environment_idx` ON `environment_locks` (`environment_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `releases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`version` text NOT NULL,
	`commit_sha` text,
	`branch` text,
	`notes` text,
	`url` text,
	`state` text DEFAULT 'active' NOT NULL,
	`environment_id` integer NOT NULL,
	`entered_at` integer NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text NOT NULL,
	`actor_name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `releases_project_version_uq` ON `releases` (`project_id`,`version`);--> statement-breakpoint
CREATE INDEX `releases_board_idx` ON `releases` (`project_id`,`state`,`environment_id`,`entered_at`);--> statement-breakpoint
CREATE INDEX `releases_environment_state_idx` ON `releases` (`environment_id`,`state`,`entered_at`);--> statement-breakpoint
CREATE INDEX `releases_project_commit_idx` ON `releases` (`project_id`,`commit_sha`);--> statement-breakpoint
CREATE TABLE `release_changes` (
	`release_id` integer NOT NULL,
	`position` integer NOT NULL,
	`ref` text NOT NULL,
	`title` text NOT NULL,
	`author` text,
	`url` text,
	PRIMARY KEY(`release_id`, `position`),
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `check_results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`release_id` integer NOT NULL,
	`environment_id` integer NOT NULL,
	`check_name` text NOT NULL,
	`status` text NOT NULL,
	`tests` integer,
	`failures` integer,
	`errors` integer,
	`skipped` integer,
	`duration_ms` integer,
	`summary` text,
	`url` text,
	`actor_type` text NOT NULL,
	`actor_id` text NOT NULL,
	`actor_name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `check_results_latest_idx` ON `check_results` (`release_id`,`environment_id`,`check_name`,`id`);--> statement-breakpoint
CREATE TABLE `test_case_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`check_result_id` integer NOT NULL,
	`name` text NOT NULL,
	`class_name` text,
	`kind` text NOT NULL,
	`message` text,
	`details` text,
	FOREIGN KEY (`check_result_id`) REFERENCES `check_results`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `test_case_failures_result_idx` ON `test_case_failures` (`check_result_id`);--> statement-breakpoint
CREATE TABLE `signoffs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`release_id` integer NOT NULL,
	`environment_id` integer NOT NULL,
	`decision` text NOT NULL,
	`comment` text,
	`actor_type` text NOT NULL,
	`actor_id` text NOT NULL,
	`actor_name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `signoffs_latest_idx` ON `signoffs` (`release_id`,`environment_id`,`actor_id`,`id`);--> statement-breakpoint
CREATE TABLE `task_completions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`release_id` integer NOT NULL,
	`environment_id` integer NOT NULL,
	`task_name` text NOT NULL,
	`done` integer NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text NOT NULL,
	`actor_name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `task_completions_latest_idx` ON `task_completions` (`release_id`,`environment_id`,`task_name`,`id`);--> statement-breakpoint
CREATE TABLE `transitions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`release_id` integer NOT NULL,
	`from_environment_id` integer,
	`to_environment_id` integer,
	`kind` text NOT NULL,
	`reason` text,
	`overridden_gates` text DEFAULT '[]' NOT NULL,
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
CREATE INDEX `transitions_release_idx` ON `transitions` (`release_id`,`id`);--> statement-breakpoint
CREATE INDEX `transitions_project_idx` ON `transitions` (`project_id`,`id`);--> statement-breakpoint
CREATE TABLE `project_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`token_hint` text NOT NULL,
	`scope` text DEFAULT 'report' NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text NOT NULL,
	`actor_name` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `project_tokens_hash_uq` ON `project_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `project_tokens_project_idx` ON `project_tokens` (`project_id`);--> statement-breakpoint
CREATE TABLE `signing_secrets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`secret` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `signing_secrets_project_idx` ON `signing_secrets` (`project_id`,`id`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer,
	`method` text NOT NULL,
	`endpoint` text NOT NULL,
	`event` text,
	`delivery_key` text,
	`status_code` integer NOT NULL,
	`outcome` text NOT NULL,
	`error` text,
	`content_type` text,
	`body` text,
	`body_truncated` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deliveries_project_idx` ON `deliveries` (`project_id`,`id`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`key` text NOT NULL,
	`status_code` integer NOT NULL,
	`response_body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idempotency_keys_project_key_uq` ON `idempotency_keys` (`project_id`,`key`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer,
	`environment_id` integer,
	`release_id` integer,
	`kind` text NOT NULL,
	`summary` text NOT NULL,
	`detail` text,
	`actor_type` text NOT NULL,
	`actor_id` text NOT NULL,
	`actor_name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_events_project_idx` ON `audit_events` (`project_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_events_created_idx` ON `audit_events` (`created_at`);