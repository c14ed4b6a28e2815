import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, timestamp } from "./columns";
import { users, userRoles } from "./users";

/** What a one-time link does: make a new account (an invitation) or set an existing one's password. */
export const invitationKinds = ["invite", "reset"] as const;
export type InvitationKind = (typeof invitationKinds)[number];

/**
 * One-time links an admin hands out (README: People): an invitation to make an account with a
 * role, or a password reset for an existing one. Only the SHA-256 of the link's token is stored;
 * a link works once, until it expires, and a newer link for the same person replaces it.
 */
export const invitations = sqliteTable(
  "invitations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: invitationKinds }).notNull(),
    tokenHash: text("token_hash").notNull(),
    email: text("email").notNull(),
    /** For an invitation: the role the new account gets. */
    role: text("role", { enum: userRoles }),
    /** For a reset: whose password it sets. */
    userId: text("user_id").references(() => users.id),
    createdByName: text("created_by_name").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
    usedAt: timestamp("used_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("invitations_token_uq").on(t.tokenHash), index("invitations_email_idx").on(t.email, t.kind)],
);

export type Invitation = typeof invitations.$inferSelect;
