import { z } from "zod";
import { and, eq, inArray } from "drizzle-orm";
import { teamMembers } from "../../db/schema";
import { authorize, clock, parseInput, writeTransaction, type VerbArgs } from "./context";
import { recordAudit, findTeam, usersByEmail } from "../engine";
import { slugSchema } from "../domain/schemas";
import { emailSchema } from "./add-user";

export const teamMembersInput = z.object({
  team: slugSchema,
  emails: z.array(emailSchema).min(1, "name at least one person").max(500),
});
export type TeamMembersInput = z.input<typeof teamMembersInput>;

/** Puts people into a team; those already in it stay as they are. All named people must exist. */
export async function addTeamMembers({ ctx, input }: VerbArgs<TeamMembersInput>) {
  const data = parseInput(teamMembersInput, input);
  return writeTransaction(ctx, async (tx) => {
    authorize(ctx, "team.manage");
    const team = await findTeam(tx, data.team);
    const people = await usersByEmail(tx, data.emails);
    const already = new Set(
      (
        await tx
          .select({ userId: teamMembers.userId })
          .from(teamMembers)
          .where(
            and(
              eq(teamMembers.teamId, team.id),
              inArray(
                teamMembers.userId,
                people.map((p) => p.id),
              ),
            ),
          )
      ).map((m) => m.userId),
    );
    const added = people.filter((p) => !already.has(p.id));
    const now = clock(ctx);
    for (const person of added)
      await tx.insert(teamMembers).values({ teamId: team.id, userId: person.id, createdAt: now });
    if (added.length) {
      await recordAudit(
        tx,
        ctx.actor,
        {
          projectId: null,
          kind: "team.members_added",
          summary: `${ctx.actor.name} added ${added.map((p) => p.name).join(", ")} to ${team.name}`,
          detail: { team: team.slug, userIds: added.map((p) => p.id) },
        },
        now,
      );
    }
    return { team, added, unchanged: people.filter((p) => already.has(p.id)) };
  });
}
