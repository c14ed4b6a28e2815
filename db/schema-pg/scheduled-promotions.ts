// The Postgres mirror of db/schema/scheduled-promotions.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { relations, sql } from "drizzle-orm";
import { index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { actorColumns, createdAt, id, requiredRef, timestamp } from "./columns";
import { environments } from "./environments";
import { projects } from "./projects";
import { releases } from "./releases";
import { scheduleStates } from "../../server/domain/statuses";

export const scheduledPromotions = pgTable(
  "scheduled_promotions",
  {
    id: id(),
    projectId: requiredRef("project_id", () => projects.id),
    releaseId: requiredRef("release_id", () => releases.id),
    fromEnvironmentId: requiredRef("from_environment_id", () => environments.id),
    toEnvironmentId: requiredRef("to_environment_id", () => environments.id),
    runAt: timestamp("run_at").notNull(),
    reason: text("reason"),
    state: text("state", { enum: scheduleStates }).notNull().default("pending"),
    outcome: text("outcome"),
    resolvedAt: timestamp("resolved_at"),
    ...actorColumns(),
    createdAt: createdAt(),
  },
  (t) => [
    index("scheduled_promotions_due_idx").on(t.state, t.runAt),
    index("scheduled_promotions_release_idx").on(t.releaseId, t.id),
    uniqueIndex("scheduled_promotions_pending_uq")
      .on(t.releaseId)
      .where(sql`state = 'pending'`),
  ],
);

export const scheduledPromotionsRelations = relations(scheduledPromotions, ({ one }) => ({
  release: one(releases, { fields: [scheduledPromotions.releaseId], references: [releases.id] }),
  project: one(projects, { fields: [scheduledPromotions.projectId], references: [projects.id] }),
}));
