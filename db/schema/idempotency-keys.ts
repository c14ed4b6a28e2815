import { relations } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, requiredRef } from "./columns";
import { projects } from "./projects";

/**
 * The first response to a request carrying Idempotency-Key, webhook-id or
 * X-GitHub-Delivery, so a repeat gets it again and writes nothing.
 */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: requiredRef("project_id", () => projects.id),
    key: text("key").notNull(),
    /** Who sent it, to which endpoint and path (so which release): a key means nothing outside them. */
    scope: text("scope").notNull().default(""),
    /** SHA-256 of the request (method, path, query, type, body): a key reused for another request is refused. */
    requestHash: text("request_hash").notNull().default(""),
    statusCode: integer("status_code").notNull(),
    responseBody: text("response_body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("idempotency_keys_scope_key_uq").on(t.projectId, t.scope, t.key),
    index("idempotency_keys_created_idx").on(t.createdAt),
  ],
);

export const idempotencyKeysRelations = relations(idempotencyKeys, ({ one }) => ({
  project: one(projects, { fields: [idempotencyKeys.projectId], references: [projects.id] }),
}));

export type IdempotencyKey = typeof idempotencyKeys.$inferSelect;
