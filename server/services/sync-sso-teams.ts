import { first } from "../../db/client";
import { z } from "zod";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { teamMembers, teams, users } from "../../db/schema";
import { clock, parseInput, writeTransaction, type VerbArgs } from "./context";
import { recordAudit } from "../engine";

export const syncSsoTeamsInput = z.object({
  userId: z.string().min(1),
  /** The groups claim of the person's ID token (at most 500 names are read). */
  groups: z.array(z.string().max(200)).max(500),
});

/**
 * At each single sign-on (README: Single sign-on): the person is in exactly those teams whose
 * `ssoGroup` is among the provider's groups for them; teams without one are managed here and
 * left alone. Each change is in the activity log, by Releaseboard "from single sign-on".
 */
export async function syncSsoTeams({ ctx, input }: VerbArgs<z.input<typeof syncSsoTeamsInput>>) {
  const data = parseInput(syncSsoTeamsInput, input);
  return writeTransaction(ctx, async (tx) => {
    const person = await first(tx.select().from(users).where(eq(users.id, data.userId)));
    if (!person) return { added: [], removed: [] };
    const mirrored = await tx.select().from(teams).where(isNotNull(teams.ssoGroup));
    if (!mirrored.length) return { added: [], removed: [] };
    const member = new Set(
      (
        await tx
          .select({ teamId: teamMembers.teamId })
          .from(teamMembers)
          .where(
            and(
              eq(teamMembers.userId, person.id),
              inArray(
                teamMembers.teamId,
                mirrored.map((t) => t.id),
              ),
            ),
          )
      ).map((m) => m.teamId),
    );
    const groups = new Set(data.groups);
    const added = mirrored.filter((t) => groups.has(t.ssoGroup!) && !member.has(t.id));
    const removed = mirrored.filter((t) => !groups.has(t.ssoGroup!) && member.has(t.id));
    const now = clock(ctx);
    for (const team of added)
      await tx.insert(teamMembers).values({ teamId: team.id, userId: person.id, createdAt: now });
    for (const team of removed)
      await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.userId, person.id)));
    for (const [kind, list, verb] of [
      ["team.members_added", added, "added to"],
      ["team.members_removed", removed, "removed from"],
    ] as const)
      for (const team of list)
        await recordAudit(
          tx,
          ctx.actor,
          {
            projectId: null,
            kind,
            summary: `${person.name} ${verb} ${team.name} from single sign-on (group ${team.ssoGroup})`,
            detail: { team: team.slug, userIds: [person.id], ssoGroup: team.ssoGroup },
          },
          now,
        );
    return { added: added.map((t) => t.slug), removed: removed.map((t) => t.slug) };
  });
}
