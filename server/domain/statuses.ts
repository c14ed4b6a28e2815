/**
 * The closed sets of statuses the database stores and the UI shows, declared once: the
 * schema (db/schema) takes its column enums from here, and client code may import them.
 */

/** A check's outcome, as CI reports it. */
export const checkStatuses = ["passed", "failed", "error", "running", "cancelled", "skipped"] as const;
export type CheckStatus = (typeof checkStatuses)[number];

/** Where a deploy stands: requested by us, then what the deploy system reports. */
export const deploymentStatuses = ["requested", "queued", "in_progress", "succeeded", "failed", "cancelled"] as const;
export type DeploymentStatus = (typeof deploymentStatuses)[number];

/** What became of an inbound API or webhook request. */
export const deliveryOutcomes = ["accepted", "ignored", "refused"] as const;
export type DeliveryOutcome = (typeof deliveryOutcomes)[number];

/** The other closed sets the schema stores (db/schema takes them from here). */
export const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof weekdays)[number];

export const notificationEvents = [
  "signoff.requested",
  "signoff.reminder",
  "signoff.rejected",
  "deploy.failed",
  "release.live",
] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

export const outboxStates = ["pending", "delivered", "failed"] as const;
export type OutboxState = (typeof outboxStates)[number];

export const releaseStates = ["active", "superseded", "abandoned"] as const;
export type ReleaseState = (typeof releaseStates)[number];

export const scheduleStates = ["pending", "done", "failed", "cancelled"] as const;
export type ScheduleState = (typeof scheduleStates)[number];

export const secretPurposes = ["inbound", "outbound"] as const;
export type SecretPurpose = (typeof secretPurposes)[number];

export const signoffDecisions = ["approve", "reject"] as const;
export type SignoffDecision = (typeof signoffDecisions)[number];
