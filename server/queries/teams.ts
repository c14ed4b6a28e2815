import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { teamMembers, teams, users } from "../../db/schema";

export type TeamListing = {
  slug: string;
  name: string;
  ssoGroup: string | null;
  members: { id: string; name: string; email: string; role: string }[];
};

/** Every team with its members, by slug; members by name. */
export async function listTeams(db: Db): Promise<TeamListing[]> {
  const rows = await db.select().from(teams).orderBy(asc(teams.slug));
  const members = await db
    .select({ teamId: teamMembers.teamId, id: users.id, name: users.name, email: users.email, role: users.role })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .orderBy(asc(users.name));
  return rows.map((t) => ({
    slug: t.slug,
    name: t.name,
    ssoGroup: t.ssoGroup,
    members: members.filter((m) => m.teamId === t.id).map(({ teamId: _team, ...m }) => m),
  }));
}
