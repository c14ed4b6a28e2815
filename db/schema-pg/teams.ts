// The Postgres mirror of db/schema/teams.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { relations } from "drizzle-orm";
import { pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";
import { teamMembers } from "./team-members";

export const teams = pgTable(
  "teams",
  {
    id: id(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    ssoGroup: text("sso_group"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("teams_slug_uq").on(t.slug)],
);

export const teamsRelations = relations(teams, ({ many }) => ({ members: many(teamMembers) }));
