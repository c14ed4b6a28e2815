import { first } from "../../db/client";
import { z } from "zod";
import { eq } from "drizzle-orm";
import { teams, type Team } from "../../db/schema";
import { slugSchema } from "../domain/schemas";
import { conflict } from "../errors";
import { authorize, clock, parseInput, writeTransaction, type VerbArgs } from "./context";
import { recordAudit } from "../engine";

export const createTeamInput = z.object({
  slug: slugSchema,
  name: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
  /** Reserved for single sign-on: the identity provider's group this team mirrors. */
  ssoGroup: z.string().trim().min(1).max(200).optional(),
});
export type CreateTeamInput = z.input<typeof createTeamInput>;

/** A new, empty team (README: Teams and protected environments). Admins only. */
export async function createTeam({ ctx, input }: VerbArgs<CreateTeamInput>): Promise<Team> {
  const data = parseInput(createTeamInput, input);
  return writeTransaction(ctx, async (tx) => {
    authorize(ctx, "team.manage");
    if (await first(tx.select({ id: teams.id }).from(teams).where(eq(teams.slug, data.slug)))) {
      throw conflict(`A team ${data.slug} already exists`);
    }
    const now = clock(ctx);
    const team = (await first(
      tx
        .insert(teams)
        .values({ slug: data.slug, name: data.name, ssoGroup: data.ssoGroup ?? null, createdAt: now })
        .returning(),
    ))!;
    await recordAudit(
      tx,
      ctx.actor,
      {
        projectId: null,
        kind: "team.created",
        summary: `${ctx.actor.name} created the team ${data.name} (${data.slug})`,
        detail: { team: data.slug, name: data.name },
      },
      now,
    );
    return team;
  });
}
