DROP INDEX `idempotency_keys_project_key_uq`;--> statement-breakpoint
ALTER TABLE `idempotency_keys` ADD `scope` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `idempotency_keys` ADD `request_hash` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `idempotency_keys_scope_key_uq` ON `idempotency_keys` (`project_id`,`scope`,`key`);--> statement-breakpoint
CREATE INDEX `idempotency_keys_created_idx` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
ALTER TABLE `deliveries` ADD `sender` text;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `resent_by` text;--> statement-breakpoint
CREATE INDEX `deliveries_created_idx` ON `deliveries` (`created_at`);