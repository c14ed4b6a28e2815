import type { Db } from "../../db/client";
import { listUsers } from "./users";
import { listTeams } from "./teams";
import { openInvitations } from "./invitations";

/** The People page: everyone with their role and teams, and every team with its members, and invitations not yet accepted. */
export async function getPeople(db: Db) {
  const teams = await listTeams(db);
  const users = (await listUsers(db)).map((u) => ({
    ...u,
    teams: teams.filter((t) => t.members.some((m) => m.id === u.id)).map((t) => ({ slug: t.slug, name: t.name })),
  }));
  return { users, teams, invitations: await openInvitations(db) };
}

export type People = Awaited<ReturnType<typeof getPeople>>;
