// The Postgres mirror of db/schema/environment-locks.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { relations, sql } from "drizzle-orm";
import { index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { actorColumns, createdAt, id, requiredRef, timestamp } from "./columns";
import { environments } from "./environments";

export const environmentLocks = pgTable(
  "environment_locks",
  {
    id: id(),
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
