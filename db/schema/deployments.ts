import { relations } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, requiredRef, timestamp } from "./columns";
import { projects } from "./projects";
import { environments } from "./environments";
import { releases } from "./releases";
import { transitions } from "./transitions";

import { deploymentStatuses } from "../../server/domain/statuses";

export { deploymentStatuses, type DeploymentStatus } from "../../server/domain/statuses";

/**
 * A release's deploy into an environment (README: Deployments). One row per request: entering an
 * environment with a deploy target writes one, Retry deploy another; the latest row of a
 * (release, environment) is the one that counts. Reports from the deploy system update
 * its status; each report is also in the activity log.
 */
export const deployments = sqliteTable(
  "deployments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: requiredRef("project_id", () => projects.id),
    releaseId: requiredRef("release_id", () => releases.id),
    environmentId: requiredRef("environment_id", () => environments.id),
    /** The transition that asked for it; null for a retry or a report nobody asked for. */
    transitionId: integer("transition_id").references(() => transitions.id),
    /** webhook, githubWorkflow, gitlabPipeline, or external (reported without a request). */
    targetKind: text("target_kind").notNull(),
    status: text("status", { enum: deploymentStatuses }).notNull().default("requested"),
    url: text("url"),
    description: text("description"),
    requestedAt: timestamp("requested_at").notNull(),
    /** When the latest status arrived. */
    statusAt: timestamp("status_at").notNull(),
    succeededAt: timestamp("succeeded_at"),
    /** The deploy system's run of the latest report and where it stood (server/domain/replay.ts); null when not said. */
    runKey: text("run_key"),
    runAttempt: integer("run_attempt"),
    // Milliseconds since the epoch, a plain number: drizzle's prepared inserts cannot bind a null timestamp.
    eventAt: integer("event_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("deployments_release_environment_idx").on(t.releaseId, t.environmentId, t.id),
    index("deployments_project_idx").on(t.projectId, t.id),
    // Insights count successful deploys into production over a time range.
    index("deployments_environment_succeeded_idx").on(t.environmentId, t.succeededAt),
  ],
);

export const deploymentsRelations = relations(deployments, ({ one }) => ({
  project: one(projects, { fields: [deployments.projectId], references: [projects.id] }),
  release: one(releases, { fields: [deployments.releaseId], references: [releases.id] }),
  environment: one(environments, { fields: [deployments.environmentId], references: [environments.id] }),
}));

export type Deployment = typeof deployments.$inferSelect;
