-- Transitions are the audit trail of go-live decisions: refuse any rewrite of them.
CREATE TRIGGER `transitions_no_update` BEFORE UPDATE ON `transitions`
BEGIN
  SELECT RAISE(ABORT, 'transitions are append-only: UPDATE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `transitions_no_delete` BEFORE DELETE ON `transitions`
BEGIN
  SELECT RAISE(ABORT, 'transitions are append-only: DELETE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_events_no_update` BEFORE UPDATE ON `audit_events`
BEGIN
  SELECT RAISE(ABORT, 'audit events are append-only: UPDATE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_events_no_delete` BEFORE DELETE ON `audit_events`
BEGIN
  SELECT RAISE(ABORT, 'audit events are append-only: DELETE is not allowed');
END;
