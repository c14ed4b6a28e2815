import { first } from "../../db/client";
import { asc, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { teamMembers, teams, users, type Team } from "../../db/schema";
import { notFound } from "../errors";
import type { TeamFact, TeamRef } from "../domain/approvals";

export async function findTeam(tx: Tx, slug: string): Promise<Team> {
  const team = await first(tx.select().from(teams).where(eq(teams.slug, slug)));
  if (!team) throw notFound(`No team "${slug}" (see releaseboard team list)`);
  return team;
}

/** The people with these e-mail addresses, in the order named; one unknown address refuses them all. */
export async function usersByEmail(tx: Tx, emails: string[]) {
  const wanted = [...new Set(emails)];
  const found = await tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(inArray(users.email, wanted));
  const missing = wanted.filter((e) => !found.some((u) => u.email === e));
  if (missing.length) throw notFound(`No user with email ${missing.join(", ")}`);
  return wanted.map((e) => found.find((u) => u.email === e)!);
}

/** The teams a person is in, by slug. */
export async function teamsOf(tx: Tx, userId: string): Promise<TeamRef[]> {
  return await tx
    .select({ slug: teams.slug, name: teams.name })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(eq(teamMembers.userId, userId))
    .orderBy(asc(teams.slug));
}

/** Of `slugs`, those that name no team. */
export async function unknownTeams(tx: Tx, slugs: string[]): Promise<string[]> {
  const wanted = [...new Set(slugs)];
  if (wanted.length === 0) return [];
  const known = new Set(
    (await tx.select({ slug: teams.slug }).from(teams).where(inArray(teams.slug, wanted))).map((t) => t.slug),
  );
  return wanted.filter((s) => !known.has(s));
}

/** The teams named by slug, with their members as the gates see them (role, and whether they may sign in). */
export async function loadTeamFacts(tx: Tx, slugs: string[]): Promise<Map<string, TeamFact>> {
  const wanted = [...new Set(slugs)];
  const facts = new Map<string, TeamFact>();
  if (wanted.length === 0) return facts;
  for (const team of await tx.select().from(teams).where(inArray(teams.slug, wanted))) {
    facts.set(team.slug, { slug: team.slug, name: team.name, members: [] });
  }
  const rows = await tx
    .select({ slug: teams.slug, id: users.id, name: users.name, role: users.role, disabledAt: users.disabledAt })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(inArray(teams.slug, wanted))
    .orderBy(asc(users.name));
  for (const row of rows) {
    facts.get(row.slug)?.members.push({ id: row.id, name: row.name, role: row.role, active: row.disabledAt === null });
  }
  return facts;
}
