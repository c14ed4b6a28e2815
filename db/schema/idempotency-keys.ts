import { relations } from "drizzle-orm";
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { projects } from "./projects";

/**
 * The first response to a request carrying Idempotency-Key, webhook-id or
 * X-GitHub-Delivery, so a repeat gets it again and writes nothing.
 */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id),
    key: text("key").notNull(),
    statusCode: integer("status_code").notNull(),
    responseBody: text("response_body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("idempotency_keys_project_key_uq").on(t.projectId, t.key)],
);

export const idempotencyKeysRelations = relations(idempotencyKeys, ({ one }) => ({
  project: one(projects, { fields: [idempotencyKeys.projectId], references: [projects.id] }),
}));

export type IdempotencyKey = typeof idempotencyKeys.$inferSelect;
