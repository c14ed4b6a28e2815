import { relations } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { actorColumns, createdAt, requiredRef } from "./columns";
import { releases } from "./releases";
import { environments } from "./environments";
import { signoffDecisions } from "../../server/domain/statuses";

export { signoffDecisions, type SignoffDecision } from "../../server/domain/statuses";

/**
 * A business owner's decision on a release entering an environment. Append-only:
 * each user's latest row per (release, environment) is the one that counts.
 */
export const signoffs = sqliteTable(
  "signoffs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    releaseId: requiredRef("release_id", () => releases.id),
    environmentId: requiredRef("environment_id", () => environments.id),
    decision: text("decision", { enum: signoffDecisions }).notNull(),
    comment: text("comment"),
    ...actorColumns(),
    createdAt: createdAt(),
  },
  (t) => [index("signoffs_latest_idx").on(t.releaseId, t.environmentId, t.actorId, t.id)],
);

export const signoffsRelations = relations(signoffs, ({ one }) => ({
  release: one(releases, { fields: [signoffs.releaseId], references: [releases.id] }),
  environment: one(environments, { fields: [signoffs.environmentId], references: [environments.id] }),
}));

export type Signoff = typeof signoffs.$inferSelect;
