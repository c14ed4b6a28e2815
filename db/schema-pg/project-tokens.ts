// The Postgres mirror of db/schema/project-tokens.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { relations } from "drizzle-orm";
import { index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { actorColumns, createdAt, id, requiredRef, timestamp } from "./columns";
import { projects } from "./projects";

import { tokenScopes } from "../../server/domain/permissions";

export const projectTokens = pgTable(
  "project_tokens",
  {
    id: id(),
    projectId: requiredRef("project_id", () => projects.id),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    tokenHint: text("token_hint").notNull(),
    scope: text("scope", { enum: tokenScopes }).notNull().default("report"),
    ...actorColumns(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at"),
    revokedAt: timestamp("revoked_at"),
  },
  (t) => [uniqueIndex("project_tokens_hash_uq").on(t.tokenHash), index("project_tokens_project_idx").on(t.projectId)],
);

export const projectTokensRelations = relations(projectTokens, ({ one }) => ({
  project: one(projects, { fields: [projectTokens.projectId], references: [projects.id] }),
}));
