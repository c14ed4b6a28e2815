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
