import { relations, sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { actorColumns, createdAt, requiredRef, timestamp } from "./columns";
import { environments } from "./environments";

/** A hold on an environment. The row stays after unlocking, as history; at most one is active. */
export const environmentLocks = sqliteTable(
  "environment_locks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    environmentId: requiredRef("environment_id", () => environments.id),
    reason: text("reason").notNull(),
    ...actorColumns(),
    createdAt: createdAt(),
    unlockedAt: timestamp("unlocked_at"),
    unlockedByName: text("unlocked_by_name"),
  },
  (t) => [
    uniqueIndex("environment_locks_active_uq")
      .on(t.environmentId)
      .where(sql`unlocked_at is null`),
    index("environment_locks_environment_idx").on(t.environmentId, t.createdAt),
  ],
);

export const environmentLocksRelations = relations(environmentLocks, ({ one }) => ({
  environment: one(environments, { fields: [environmentLocks.environmentId], references: [environments.id] }),
}));

export type EnvironmentLock = typeof environmentLocks.$inferSelect;
