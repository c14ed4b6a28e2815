import { relations, sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestamp } from "./columns";
import { sessions } from "./sessions";
import { accounts } from "./accounts";

import { roles } from "../../server/domain/permissions";

/** The roles a person may have (server/domain/permissions.ts). */
export const userRoles = roles;

/**
 * People who sign in (better-auth's "user" model). role is Releaseboard's; disabled_at
 * set means the person can no longer sign in and has no sessions.
 */
export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    emailVerified: integer("email_verified", { mode: "boolean" }).notNull().default(false),
    image: text("image"),
    role: text("role", { enum: userRoles }).notNull().default("viewer"),
    disabledAt: timestamp("disabled_at"),
    createdAt: timestamp("created_at")
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
    updatedAt: timestamp("updated_at")
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
  },
  (t) => [uniqueIndex("users_email_uq").on(t.email), index("users_role_idx").on(t.role)],
);

export const usersRelations = relations(users, ({ many }) => ({ sessions: many(sessions), accounts: many(accounts) }));

export type User = typeof users.$inferSelect;
