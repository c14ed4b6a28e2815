import { relations } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { actorColumns, createdAt, requiredRef } from "./columns";
import { releases } from "./releases";
import { environments } from "./environments";

/**
 * Ticking off (done = true) or un-ticking a manual task of an environment's policy for
 * one release. Append-only: the latest row per (release, environment, task) counts.
 */
export const taskCompletions = sqliteTable(
  "task_completions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    releaseId: requiredRef("release_id", () => releases.id),
    environmentId: requiredRef("environment_id", () => environments.id),
    taskName: text("task_name").notNull(),
    done: integer("done", { mode: "boolean" }).notNull(),
    ...actorColumns(),
    createdAt: createdAt(),
  },
  (t) => [index("task_completions_latest_idx").on(t.releaseId, t.environmentId, t.taskName, t.id)],
);

export const taskCompletionsRelations = relations(taskCompletions, ({ one }) => ({
  release: one(releases, { fields: [taskCompletions.releaseId], references: [releases.id] }),
  environment: one(environments, { fields: [taskCompletions.environmentId], references: [environments.id] }),
}));

export type TaskCompletion = typeof taskCompletions.$inferSelect;
