import { relations } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, requiredRef, timestamp } from "./columns";
import { environments } from "./environments";
import type { Weekday } from "../../server/domain/statuses";

export { weekdays, type Weekday } from "../../server/domain/statuses";

/**
 * A period in which nothing may enter an environment. One-off windows use
 * starts_at/ends_at; weekly windows use days, from/to ("HH:MM", local) and time_zone.
 */
export const freezeWindows = sqliteTable(
  "freeze_windows",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    environmentId: requiredRef("environment_id", () => environments.id),
    kind: text("kind", { enum: ["once", "weekly"] }).notNull(),
    startsAt: timestamp("starts_at"),
    endsAt: timestamp("ends_at"),
    days: text("days", { mode: "json" }).$type<Weekday[]>(),
    fromTime: text("from_time"),
    toTime: text("to_time"),
    timeZone: text("time_zone"),
    reason: text("reason"),
    createdAt: createdAt(),
  },
  (t) => [index("freeze_windows_environment_idx").on(t.environmentId)],
);

export const freezeWindowsRelations = relations(freezeWindows, ({ one }) => ({
  environment: one(environments, { fields: [freezeWindows.environmentId], references: [environments.id] }),
}));

export type FreezeWindow = typeof freezeWindows.$inferSelect;
