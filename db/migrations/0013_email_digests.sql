ALTER TABLE `outbox` ADD `recipient` text;--> statement-breakpoint
CREATE INDEX `outbox_recipient_idx` ON `outbox` (`recipient`,`created_at`);--> statement-breakpoint
-- hand-written (keep when regenerating)
UPDATE `outbox` SET `recipient` = json_extract(`target`, '$.email.to') WHERE `kind` = 'notification.email';
