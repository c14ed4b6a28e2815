// The Postgres mirror of db/schema/signoffs.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { relations } from "drizzle-orm";
import { index, pgTable, text } from "drizzle-orm/pg-core";
import { actorColumns, createdAt, id, requiredRef } from "./columns";
import { releases } from "./releases";
import { environments } from "./environments";
import { signoffDecisions } from "../../server/domain/statuses";

export const signoffs = pgTable(
  "signoffs",
  {
    id: id(),
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
