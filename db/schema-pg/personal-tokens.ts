// The Postgres mirror of db/schema/personal-tokens.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { relations } from "drizzle-orm";
import { index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, timestamp } from "./columns";
import { users } from "./users";

export const personalTokens = pgTable(
  "personal_tokens",
  {
    id: id(),
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
