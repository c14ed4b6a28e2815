// The Postgres mirror of db/schema/release-changes.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { relations } from "drizzle-orm";
import { pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { int, requiredRef } from "./columns";
import { releases } from "./releases";

export const releaseChanges = pgTable(
  "release_changes",
  {
    releaseId: requiredRef("release_id", () => releases.id),
    position: int("position").notNull(),
    ref: text("ref").notNull(),
    title: text("title").notNull(),
    author: text("author"),
    url: text("url"),
  },
  (t) => [primaryKey({ name: "release_changes_pk", columns: [t.releaseId, t.position] })],
);

export const releaseChangesRelations = relations(releaseChanges, ({ one }) => ({
  release: one(releases, { fields: [releaseChanges.releaseId], references: [releases.id] }),
}));
