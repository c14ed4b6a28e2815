// The Postgres mirror of db/schema/deliveries.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { relations, sql } from "drizzle-orm";
import { boolean, index, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, int } from "./columns";
import { projects } from "./projects";

import { deliveryOutcomes } from "../../server/domain/statuses";

export const deliveries = pgTable(
  "deliveries",
  {
    id: id(),
    projectId: int("project_id").references(() => projects.id),
    method: text("method").notNull(),
    endpoint: text("endpoint").notNull(),
    path: text("path"),
    event: text("event"),
    deliveryKey: text("delivery_key"),
    statusCode: int("status_code").notNull(),
    outcome: text("outcome", { enum: deliveryOutcomes }).notNull(),
    error: text("error"),
    contentType: text("content_type"),
    body: text("body"),
    bodyTruncated: boolean("body_truncated").notNull().default(false),
    sender: text("sender"),
    resentBy: text("resent_by"),
    createdAt: createdAt(),
  },
  (t) => [
    index("deliveries_project_idx").on(t.projectId, t.id),
    index("deliveries_created_idx").on(t.createdAt),
    index("deliveries_anonymous_idx")
      .on(t.projectId, t.id)
      .where(sql`${t.sender} is null and ${t.resentBy} is null`),
  ],
);

export const deliveriesRelations = relations(deliveries, ({ one }) => ({
  project: one(projects, { fields: [deliveries.projectId], references: [projects.id] }),
}));
