// The Postgres mirror of db/schema/deployments.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { relations } from "drizzle-orm";
import { index, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, int, requiredRef, timestamp } from "./columns";
import { projects } from "./projects";
import { environments } from "./environments";
import { releases } from "./releases";
import { transitions } from "./transitions";

import { deploymentStatuses } from "../../server/domain/statuses";

export const deployments = pgTable(
  "deployments",
  {
    id: id(),
    projectId: requiredRef("project_id", () => projects.id),
    releaseId: requiredRef("release_id", () => releases.id),
    environmentId: requiredRef("environment_id", () => environments.id),
    transitionId: int("transition_id").references(() => transitions.id),
    targetKind: text("target_kind").notNull(),
    status: text("status", { enum: deploymentStatuses }).notNull().default("requested"),
    url: text("url"),
    description: text("description"),
    requestedAt: timestamp("requested_at").notNull(),
    statusAt: timestamp("status_at").notNull(),
    succeededAt: timestamp("succeeded_at"),
    runKey: text("run_key"),
    runAttempt: int("run_attempt"),
    eventAt: int("event_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("deployments_release_environment_idx").on(t.releaseId, t.environmentId, t.id),
    index("deployments_project_idx").on(t.projectId, t.id),
    index("deployments_environment_succeeded_idx").on(t.environmentId, t.succeededAt),
  ],
);

export const deploymentsRelations = relations(deployments, ({ one }) => ({
  project: one(projects, { fields: [deployments.projectId], references: [projects.id] }),
  release: one(releases, { fields: [deployments.releaseId], references: [releases.id] }),
  environment: one(environments, { fields: [deployments.environmentId], references: [environments.id] }),
}));
