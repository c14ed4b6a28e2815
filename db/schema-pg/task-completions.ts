// The Postgres mirror of db/schema/task-completions.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { relations } from "drizzle-orm";
import { boolean, index, pgTable, text } from "drizzle-orm/pg-core";
import { actorColumns, createdAt, id, requiredRef } from "./columns";
import { releases } from "./releases";
import { environments } from "./environments";

export const taskCompletions = pgTable(
  "task_completions",
  {
    id: id(),
    releaseId: requiredRef("release_id", () => releases.id),
    environmentId: requiredRef("environment_id", () => environments.id),
    taskName: text("task_name").notNull(),
    done: boolean("done").notNull(),
    ...actorColumns(),
    createdAt: createdAt(),
  },
  (t) => [index("task_completions_latest_idx").on(t.releaseId, t.environmentId, t.taskName, t.id)],
);

export const taskCompletionsRelations = relations(taskCompletions, ({ one }) => ({
  release: one(releases, { fields: [taskCompletions.releaseId], references: [releases.id] }),
  environment: one(environments, { fields: [taskCompletions.environmentId], references: [environments.id] }),
}));
