import type { Db } from "../../db/client";
import { listUsers } from "./users";
import { listTeams } from "./teams";
import { openInvitations } from "./invitations";

/** The People page: everyone with their role and teams, and every team with its members, and invitations not yet accepted. */
export function getPeople(db: Db) {
  const teams = listTeams(db);
  const users = listUsers(db).map((u) => ({
    ...u,
    teams: teams.filter((t) => t.members.some((m) => m.id === u.id)).map((t) => ({ slug: t.slug, name: t.name })),
  }));
  return { users, teams, invitations: openInvitations(db) };
}

export type People = Awaited<ReturnType<typeof getPeople>>;
