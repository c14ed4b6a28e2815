import { and, eq, inArray } from "drizzle-orm";
import { teamMembers } from "../../db/schema";
import { authorize, clock, parseInput, writeTransaction, type VerbArgs } from "./context";
import { recordAudit, findTeam, usersByEmail } from "../engine";
import { teamMembersInput, type TeamMembersInput } from "./add-team-members";

/** Takes people out of a team; naming someone who is not in it changes nothing for them. */
export async function removeTeamMembers({ ctx, input }: VerbArgs<TeamMembersInput>) {
  const data = parseInput(teamMembersInput, input);
  return writeTransaction(ctx, async (tx) => {
    authorize(ctx, "team.manage");
    const team = await findTeam(tx, data.team);
    const people = await usersByEmail(tx, data.emails);
    const removed = new Set(
      (
        await tx
          .delete(teamMembers)
          .where(
            and(
              eq(teamMembers.teamId, team.id),
              inArray(
                teamMembers.userId,
                people.map((p) => p.id),
              ),
            ),
          )
          .returning({ userId: teamMembers.userId })
      ).map((m) => m.userId),
    );
    const gone = people.filter((p) => removed.has(p.id));
    const now = clock(ctx);
    if (gone.length) {
      await recordAudit(
        tx,
        ctx.actor,
        {
          projectId: null,
          kind: "team.members_removed",
          summary: `${ctx.actor.name} removed ${gone.map((p) => p.name).join(", ")} from ${team.name}`,
          detail: { team: team.slug, userIds: gone.map((p) => p.id) },
        },
        now,
      );
    }
    return { team, removed: gone, unchanged: people.filter((p) => !removed.has(p.id)) };
  });
}
