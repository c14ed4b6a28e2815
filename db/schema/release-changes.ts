import { relations } from "drizzle-orm";
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { requiredRef } from "./columns";
import { releases } from "./releases";

/** A commit or ticket a release brings, in the order the release listed them. */
export const releaseChanges = sqliteTable(
  "release_changes",
  {
    releaseId: requiredRef("release_id", () => releases.id),
    position: integer("position").notNull(),
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

export type ReleaseChange = typeof releaseChanges.$inferSelect;
