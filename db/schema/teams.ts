import { relations } from "drizzle-orm";
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { teamMembers } from "./team-members";

/**
 * A named group of people (README: Teams and protected environments). Pipelines name teams by
 * slug in `promoters` and `approvals`; a team is never deleted while a policy could name it.
 */
export const teams = sqliteTable(
  "teams",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    /** The identity provider's group whose members this team mirrors at sign-in; null = managed here. */
    ssoGroup: text("sso_group"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("teams_slug_uq").on(t.slug)],
);

export const teamsRelations = relations(teams, ({ many }) => ({ members: many(teamMembers) }));

export type Team = typeof teams.$inferSelect;
