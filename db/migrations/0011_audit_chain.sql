CREATE TABLE `audit_checkpoints` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`seq` integer NOT NULL,
	`hash` text NOT NULL,
	`signature` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `audit_events` ADD `hash` text;--> statement-breakpoint
-- hand-written (keep when regenerating)
-- The activity log stays append-only; the one update allowed is sealing an entry written before
-- the chain existed: setting its hash once, nothing else.
DROP TRIGGER `audit_events_no_update`;
--> statement-breakpoint
CREATE TRIGGER `audit_events_no_update` BEFORE UPDATE ON `audit_events`
WHEN NOT (
  old.hash IS NULL AND new.hash IS NOT NULL AND new.id = old.id AND new.kind = old.kind
  AND new.summary = old.summary AND new.detail IS old.detail AND new.project_id IS old.project_id
  AND new.environment_id IS old.environment_id AND new.release_id IS old.release_id
  AND new.actor_type = old.actor_type AND new.actor_id = old.actor_id AND new.actor_name = old.actor_name
  AND new.created_at = old.created_at
)
BEGIN
  SELECT RAISE(ABORT, 'audit events are append-only: UPDATE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_checkpoints_no_update` BEFORE UPDATE ON `audit_checkpoints`
BEGIN
  SELECT RAISE(ABORT, 'audit checkpoints are append-only: UPDATE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_checkpoints_no_delete` BEFORE DELETE ON `audit_checkpoints`
BEGIN
  SELECT RAISE(ABORT, 'audit checkpoints are append-only: DELETE is not allowed');
END;
