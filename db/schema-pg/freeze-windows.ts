// The Postgres mirror of db/schema/freeze-windows.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { relations } from "drizzle-orm";
import { index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, requiredRef, timestamp } from "./columns";
import { environments } from "./environments";
import type { Weekday } from "../../server/domain/statuses";

export const freezeWindows = pgTable(
  "freeze_windows",
  {
    id: id(),
    environmentId: requiredRef("environment_id", () => environments.id),
    kind: text("kind", { enum: ["once", "weekly"] }).notNull(),
    startsAt: timestamp("starts_at"),
    endsAt: timestamp("ends_at"),
    days: jsonb("days").$type<Weekday[]>(),
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
