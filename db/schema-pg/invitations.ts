// The Postgres mirror of db/schema/invitations.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, timestamp } from "./columns";
import { users } from "./users";
import { invitationKinds } from "../schema/invitations";
import { userRoles } from "../schema/users";

export { invitationKinds, type InvitationKind } from "../schema/invitations";

export const invitations = pgTable(
  "invitations",
  {
    id: id(),
    kind: text("kind", { enum: invitationKinds }).notNull(),
    tokenHash: text("token_hash").notNull(),
    email: text("email").notNull(),
    role: text("role", { enum: userRoles }),
    userId: text("user_id").references(() => users.id),
    createdByName: text("created_by_name").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
    usedAt: timestamp("used_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("invitations_token_uq").on(t.tokenHash), index("invitations_email_idx").on(t.email, t.kind)],
);

export type Invitation = typeof invitations.$inferSelect;
