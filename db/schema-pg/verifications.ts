// The Postgres mirror of db/schema/verifications.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { index, pgTable, text } from "drizzle-orm/pg-core";
import { timestamp } from "./columns";

export const verifications = pgTable(
  "verifications",
  {
    id: text("id").primaryKey(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
    createdAt: timestamp("created_at"),
    updatedAt: timestamp("updated_at"),
  },
  (t) => [index("verifications_identifier_idx").on(t.identifier)],
);
