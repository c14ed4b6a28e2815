import { relations } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { actorColumns, createdAt, requiredRef, timestamp } from "./columns";
import { projects } from "./projects";

import { tokenScopes } from "../../server/domain/permissions";

export { tokenScopes, type TokenScope } from "../../server/domain/permissions";

/**
 * A CI token of one project. Only the SHA-256 of the token is stored; the token itself
 * is shown once. token_hint keeps the first characters so people can tell tokens apart.
 */
export const projectTokens = sqliteTable(
  "project_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
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

export type ProjectToken = typeof projectTokens.$inferSelect;
