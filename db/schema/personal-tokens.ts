import { relations } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, timestamp } from "./columns";
import { users } from "./users";

/**
 * A person's access token (rbp_…) for the public API as themselves (README: Personal access
 * tokens). Only the SHA-256 is stored; the token is shown once. It expires, and can be revoked.
 */
export const personalTokens = sqliteTable(
  "personal_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    tokenHint: text("token_hint").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
    createdByName: text("created_by_name").notNull(),
    createdAt: createdAt(),
    revokedAt: timestamp("revoked_at"),
  },
  (t) => [uniqueIndex("personal_tokens_hash_uq").on(t.tokenHash), index("personal_tokens_user_idx").on(t.userId)],
);

export const personalTokensRelations = relations(personalTokens, ({ one }) => ({
  user: one(users, { fields: [personalTokens.userId], references: [users.id] }),
}));

export type PersonalToken = typeof personalTokens.$inferSelect;
