import { relations, sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { projects } from "./projects";

import { deliveryOutcomes } from "../../server/domain/statuses";

export { deliveryOutcomes, type DeliveryOutcome } from "../../server/domain/statuses";

/** Every inbound API or webhook request, whatever became of it, with a bounded copy of its body. */
export const deliveries = sqliteTable(
  "deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Null only in entries from before requests naming no known project were left out of the log. */
    projectId: integer("project_id").references(() => projects.id),
    method: text("method").notNull(),
    endpoint: text("endpoint").notNull(),
    /** Path and query as received, so a stored delivery can be sent again. */
    path: text("path"),
    event: text("event"),
    deliveryKey: text("delivery_key"),
    statusCode: integer("status_code").notNull(),
    outcome: text("outcome", { enum: deliveryOutcomes }).notNull(),
    error: text("error"),
    contentType: text("content_type"),
    body: text("body"),
    bodyTruncated: integer("body_truncated", { mode: "boolean" }).notNull().default(false),
    /** The credential that authenticated it (a token's name, "Signed webhook", …); null when it was refused unauthenticated. */
    sender: text("sender"),
    /** The person who sent a stored delivery again, "Name <email>"; the original sender stays in `sender`. */
    resentBy: text("resent_by"),
    createdAt: createdAt(),
  },
  (t) => [
    index("deliveries_project_idx").on(t.projectId, t.id),
    index("deliveries_created_idx").on(t.createdAt),
    // The refusals nobody authenticated, so their own cap per project is cheap to find (services/delivery-log.ts).
    index("deliveries_anonymous_idx")
      .on(t.projectId, t.id)
      .where(sql`${t.sender} is null and ${t.resentBy} is null`),
  ],
);

export const deliveriesRelations = relations(deliveries, ({ one }) => ({
  project: one(projects, { fields: [deliveries.projectId], references: [projects.id] }),
}));

export type Delivery = typeof deliveries.$inferSelect;
