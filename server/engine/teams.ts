import { asc, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { teamMembers, teams, users, type Team } from "../../db/schema";
import { notFound } from "../errors";
import type { TeamFact, TeamRef } from "../domain/approvals";

export function findTeam(tx: Tx, slug: string): Team {
  const team = tx.select().from(teams).where(eq(teams.slug, slug)).get();
  if (!team) throw notFound(`No team "${slug}" (see releaseboard team list)`);
  return team;
}

/** The people with these e-mail addresses, in the order named; one unknown address refuses them all. */
export function usersByEmail(tx: Tx, emails: string[]) {
  const wanted = [...new Set(emails)];
  const found = tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(inArray(users.email, wanted))
    .all();
  const missing = wanted.filter((e) => !found.some((u) => u.email === e));
  if (missing.length) throw notFound(`No user with email ${missing.join(", ")}`);
  return wanted.map((e) => found.find((u) => u.email === e)!);
}

/** The teams a person is in, by slug. */
export function teamsOf(tx: Tx, userId: string): TeamRef[] {
  return tx
    .select({ slug: teams.slug, name: teams.name })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(eq(teamMembers.userId, userId))
    .orderBy(asc(teams.slug))
    .all();
}

/** Of `slugs`, those that name no team. */
export function unknownTeams(tx: Tx, slugs: string[]): string[] {
  const wanted = [...new Set(slugs)];
  if (wanted.length === 0) return [];
  const known = new Set(
    tx
      .select({ slug: teams.slug })
      .from(teams)
      .where(inArray(teams.slug, wanted))
      .all()
      .map((t) => t.slug),
  );
  return wanted.filter((s) => !known.has(s));
}

/** The teams named by slug, with their members as the gates see them (role, and whether they may sign in). */
export function loadTeamFacts(tx: Tx, slugs: string[]): Map<string, TeamFact> {
  const wanted = [...new Set(slugs)];
  const facts = new Map<string, TeamFact>();
  if (wanted.length === 0) return facts;
  for (const team of tx.select().from(teams).where(inArray(teams.slug, wanted)).all()) {
    facts.set(team.slug, { slug: team.slug, name: team.name, members: [] });
  }
  const rows = tx
    .select({ slug: teams.slug, id: users.id, name: users.name, role: users.role, disabledAt: users.disabledAt })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(inArray(teams.slug, wanted))
    .orderBy(asc(users.name))
    .all();
  for (const row of rows) {
    facts.get(row.slug)?.members.push({ id: row.id, name: row.name, role: row.role, active: row.disabledAt === null });
  }
  return facts;
}
