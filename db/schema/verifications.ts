import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { timestamp } from "./columns";

/** better-auth's "verification" model (one-time values such as reset tokens). */
export const verifications = sqliteTable(
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
