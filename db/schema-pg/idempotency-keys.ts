// The Postgres mirror of db/schema/idempotency-keys.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { relations } from "drizzle-orm";
import { index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, int, requiredRef } from "./columns";
import { projects } from "./projects";

export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    id: id(),
    projectId: requiredRef("project_id", () => projects.id),
    key: text("key").notNull(),
    scope: text("scope").notNull().default(""),
    requestHash: text("request_hash").notNull().default(""),
    statusCode: int("status_code").notNull(),
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
