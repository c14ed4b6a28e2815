import { relations, sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { actorColumns, createdAt, requiredRef, timestamp } from "./columns";
import { environments } from "./environments";
import { projects } from "./projects";
import { releases } from "./releases";
import { scheduleStates } from "../../server/domain/statuses";

export { scheduleStates, type ScheduleState } from "../../server/domain/statuses";

/**
 * A promotion a person asked for at a given time. The scheduler tries it then, with its
 * gates, as that person (the actor columns); the row keeps the outcome. At most one is
 * pending per release.
 */
export const scheduledPromotions = sqliteTable(
  "scheduled_promotions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: requiredRef("project_id", () => projects.id),
    releaseId: requiredRef("release_id", () => releases.id),
    fromEnvironmentId: requiredRef("from_environment_id", () => environments.id),
    toEnvironmentId: requiredRef("to_environment_id", () => environments.id),
    runAt: timestamp("run_at").notNull(),
    reason: text("reason"),
    state: text("state", { enum: scheduleStates }).notNull().default("pending"),
    /** Why it failed, or who cancelled it. */
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

export type ScheduledPromotion = typeof scheduledPromotions.$inferSelect;
