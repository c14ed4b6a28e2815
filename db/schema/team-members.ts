import { relations } from "drizzle-orm";
import { index, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, requiredRef } from "./columns";
import { teams } from "./teams";
import { users } from "./users";

/** Who is in which team; a person may be in several. Changes are in the activity log. */
export const teamMembers = sqliteTable(
  "team_members",
  {
    teamId: requiredRef("team_id", () => teams.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index("team_members_user_idx").on(t.userId)],
);

export const teamMembersRelations = relations(teamMembers, ({ one }) => ({
  team: one(teams, { fields: [teamMembers.teamId], references: [teams.id] }),
  user: one(users, { fields: [teamMembers.userId], references: [users.id] }),
}));

export type TeamMember = typeof teamMembers.$inferSelect;
